import { expect, test, type Target } from './electron-fixture';

const HELLO_SHA256 = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
const GROQ_KEY = 'gsk_e2e_test_key_0123456789abcdefWXYZ';

for (const target of ['build', 'packaged'] as Target[]) {
  test.describe(`the ${target === 'build' ? 'built' : 'packaged'} app`, () => {
    test.use({ target });

    test('key in Settings → chat → approve python → real output → answer', async ({
      desktop,
      upstream,
    }, testInfo) => {
      const { window } = desktop;
      await window.getByRole('button', { name: 'Settings', exact: true }).click();
      await window.getByRole('tab', { name: 'API Keys' }).click();
      await window.getByLabel('Groq API Key (Open Interpreter)', { exact: true }).fill(GROQ_KEY);
      await window.getByRole('button', { name: 'Save Groq API Key (Open Interpreter)' }).click();
      // Saved through safeStorage; the window only ever sees the masked key.
      await expect(window.getByRole('group', { name: 'Groq API Key (Open Interpreter)' })).toContainText(
        'gsk_…WXYZ',
      );

      await window.getByRole('button', { name: 'New chat' }).click();
      await window
        .getByRole('textbox', { name: 'Message' })
        .fill('What is the SHA-256 of the word hello? Compute it.');
      await window.getByRole('textbox', { name: 'Message' }).press('Enter');

      const block = window.getByRole('region', { name: 'python code block' });
      await expect(block).toContainText('hashlib.sha256');
      await expect(window.getByRole('status').filter({ hasText: 'Waiting for your approval' })).toBeVisible();
      await block.getByRole('button', { name: 'Run' }).click();

      await expect(block.getByLabel('Output')).toContainText(HELLO_SHA256);
      const answer = window.getByRole('article', { name: 'Assistant' }).last();
      await expect(answer).toContainText(`The SHA-256 of the word is ${HELLO_SHA256}`);
      await window.screenshot({ path: testInfo.outputPath(`electron-${target}-main-job.png`) });

      const requests = upstream.chatRequests();
      expect(requests.length).toBeGreaterThanOrEqual(2);
      for (const request of requests) expect(request.headers.authorization).toBe(`Bearer ${GROQ_KEY}`);
    });
  });
}
