import type { ScriptRule } from './scripted-upstream';

/**
 * Demo and end-to-end rules of the code-running agent: a block that asks for input
 * (typed into the chat's terminal), a matplotlib plot, colours and a progress bar, a long
 * `sleep 30` to Stop, 50 MB of output, and a block the destructive-pattern list flags (a dry run on a device
 * that does not exist, so it is harmless even if someone presses Run).
 */
export function agentDemoRules(): ScriptRule[] {
  return [
    {
      match: /\b(my name|greet me)\b/i,
      reply:
        'I\'ll ask for your name in the terminal.\n\n```python\nname = input("What is your name? ")\nprint(f"Hello, {name}!")\n```',
    },
    {
      match: /\b(plot|chart|graph)\b/i,
      reply:
        'Here is a plot of the first ten squares.\n\n```python\nimport matplotlib.pyplot as plt\nxs = list(range(1, 11))\nplt.plot(xs, [x * x for x in xs], marker="o")\nplt.title("Squares")\nplt.show()\nprint("plotted", len(xs), "points")\n```',
    },
    {
      match: /\bsleep 30\b/i,
      reply:
        'This sleeps for 30 seconds; press Stop to end it.\n\n```shell\necho sleeping\nsleep 30\necho woke up\n```',
    },
    {
      match: /\b(progress|colou?rs?)\b/i,
      reply:
        "Colours and a progress bar:\n\n```shell\nprintf '\\033[31mred\\033[0m \\033[32mgreen\\033[0m \\033[1;34mbold blue\\033[0m\\n'\nfor i in $(seq 0 10 100); do printf '\\rprogress: [%-10s] %3d%%' \"$(printf '#%.0s' $(seq 1 $((i / 10))))\" \"$i\"; sleep 0.1; done\necho\n```",
    },
    {
      match: /\b50 ?MB\b/i,
      reply:
        'This prints 50 MB; the window stays responsive and keeps the last 1 MB.\n\n```python\nimport sys\nline = "x" * 99 + "\\n"\nfor _ in range(500):\n    sys.stdout.write(line * 1000)\nprint("THE-END")\n```',
    },
    {
      match: /\b(format|wipe) the disk\b/i,
      reply:
        'This would format a disk. Read the warning before you decide.\n\n```shell\nmkfs.ext4 -n /dev/sb-demo-no-such-disk\n```',
    },
  ];
}
