/**
 * Terminal output as plain text for display: ANSI escape sequences (CSI, OSC) removed, CRLF made
 * LF, and a bare carriage return overwriting its line (progress bars show their last state).
 */
export function terminalText(raw: string): string {
  const stripped = raw
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b[@-Z\\-_]/g, '')
    .replace(/\r\n/g, '\n');
  return stripped
    .split('\n')
    .map((line) => {
      const parts = line.split('\r');
      return parts.length === 1 ? line : parts.reduce((shown, part) => part + shown.slice(part.length), '');
    })
    .join('\n');
}
