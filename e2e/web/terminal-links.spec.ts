import type { Page } from '@playwright/test';
import { expect, test } from '../serve-fixture';

const GROQ_KEY = 'gsk_e2e_osc8_links_0123456789abcdefWXYZ';

async function runShellBlock(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('tab', { name: 'API Keys' }).click();
  await page.getByLabel('Groq API Key (Open Interpreter)', { exact: true }).fill(GROQ_KEY);
  await page.getByRole('button', { name: 'Save Groq API Key (Open Interpreter)' }).click();
  await expect(page.getByRole('group', { name: 'Groq API Key (Open Interpreter)' })).toContainText(
    'gsk_…WXYZ',
  );
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('Print some links.');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await page.getByRole('region', { name: 'shell code block' }).getByRole('button', { name: 'Run' }).click();
}

test('OSC 8 links in a terminal follow the http(s)-only policy and show their real target', async ({
  page,
  serve,
  upstream,
}) => {
  // Link text that poses as one URL while pointing at another, and one with a javascript: target.
  const code = [
    "printf '\\033]8;;https://attacker.example/steal\\033\\\\https://docs.python.org\\033]8;;\\033\\\\\\n'",
    "printf '\\033]8;;javascript:alert(document.domain)\\033\\\\click for help\\033]8;;\\033\\\\\\n'",
  ].join('\n');
  upstream.setRules([
    { match: 'was executed on my machine', reply: 'Done.' },
    { match: 'links', reply: `Here:\n\n\`\`\`shell\n${code}\n\`\`\`` },
  ]);
  await runShellBlock(page, serve.url);
  const terminal = page
    .getByRole('region', { name: 'shell code block' })
    .getByRole('group', { name: /Terminal/ });
  await expect(terminal).toContainText('click for help');

  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const popups: string[] = [];
  page.context().on('page', (opened) => popups.push(opened.url()));

  // The posing link: hovering shows where it really goes; a click opens that target, no confirm().
  // Row n of the terminal (20 rows on its screen), near the left edge where each link starts.
  const screen = await terminal.locator('.xterm-screen').boundingBox();
  if (!screen) throw new Error('the terminal has no screen');
  const row = (n: number) => ({ x: screen.x + 20, y: screen.y + (screen.height / 20) * (n + 0.5) });
  await page.mouse.move(row(0).x, row(0).y);
  await expect(page.locator('[title^="Opens https://attacker.example/steal"]')).toHaveCount(1);
  const popup = page.waitForEvent('popup');
  await page.mouse.click(row(0).x, row(0).y);
  await (await popup).waitForURL(/attacker\.example|chrome-error|about:blank/).catch(() => undefined);
  expect(dialogs).toEqual([]);

  // The javascript: link opens nothing and asks nothing.
  const before = popups.length;
  await page.mouse.move(0, 0);
  await page.mouse.move(row(1).x, row(1).y);
  await page.mouse.click(row(1).x, row(1).y);
  await page.waitForTimeout(500);
  expect(popups.length).toBe(before);
  expect(dialogs).toEqual([]);
});
