import { everythingServer } from '../../test-support/mcp-servers';
import { answerToolResults, toolCallReply } from '../../test-support/tool-call-replies';
import { expect, filesContaining, test, saveGroqKey } from '../serve-fixture';

/**
 * Tools from MCP servers in the browser: the person pastes a Claude-Desktop-style `mcpServers`
 * block for @modelcontextprotocol/server-everything (run from node_modules), sees it connect with
 * its tools, and the scripted model calls its `echo` tool, which runs after approval.
 */
const GROQ_KEY = 'gsk_e2e_tools_key_0123456789abcdefWXYZ';
const SERVER_SECRET = 'sk-e2e-server-secret-value-9876';

test('paste mcpServers JSON, see the server connected, approve a tool call, get the result and the answer', async ({
  page,
  serve,
  upstream,
  dataDir,
}) => {
  upstream.setRules([
    answerToolResults('The server answered: '),
    {
      match: 'picture',
      raw: toolCallReply({
        calls: [{ id: 'call_image_1', name: 'everything__get-tiny-image', arguments: '{}' }],
      }),
    },
    {
      match: 'echo',
      raw: toolCallReply({
        content: 'I will ask the echo tool.',
        calls: [
          {
            id: 'call_echo_1',
            name: 'everything__echo',
            arguments: JSON.stringify({ message: 'hello from Switchboard' }),
          },
        ],
      }),
    },
  ]);
  await page.goto(serve.url);
  await saveGroqKey(page, GROQ_KEY);

  await page.getByRole('tab', { name: 'Tools' }).click();
  const json = JSON.stringify(
    { mcpServers: { everything: everythingServer({ EVERYTHING_API_KEY: SERVER_SECRET }) } },
    null,
    2,
  );
  await page.getByLabel('mcpServers JSON').fill(json);
  await page.getByRole('button', { name: 'Save servers' }).click();
  const server = page.getByRole('group', { name: 'MCP server everything' });
  await expect(server.getByRole('status')).toHaveText(/^Connected — \d+ tools$/, { timeout: 30_000 });
  await expect(server.getByRole('list', { name: 'Tools of everything' })).toContainText(
    'Echoes back the input string',
  );
  // The secret went to the key store: the JSON shows it masked, and no plain file holds it.
  await expect(page.getByLabel('mcpServers JSON')).toHaveValue(/"EVERYTHING_API_KEY": "sk-…9876"/);
  expect(await filesContaining(dataDir, SERVER_SECRET)).toEqual([]);
  await page.screenshot({ path: 'test-results/settings-tools.png', fullPage: true });

  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('Please echo a greeting');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const call = page.getByRole('region', { name: 'Tool call everything__echo' });
  await expect(call.getByLabel('Arguments')).toContainText('"message": "hello from Switchboard"');
  await expect(call).toContainText('waiting for approval');
  await page.screenshot({ path: 'test-results/chat-tool-approval.png', fullPage: true });
  await call.getByRole('group', { name: 'Approve tool call' }).getByRole('button', { name: 'Run' }).click();
  await expect(call.getByLabel('Tool result')).toHaveText('Echo: hello from Switchboard');
  await expect(page.getByRole('article', { name: 'Assistant' }).last()).toContainText(
    'The server answered: The tool returned:',
  );
  await expect(page.getByRole('article', { name: 'Assistant' }).last()).toContainText(
    'Echo: hello from Switchboard',
  );

  // An image the tool returns is shown in the chat; the model is told it was shown.
  await page.getByRole('textbox', { name: 'Message' }).fill('Show me a picture');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const imageCall = page.getByRole('region', { name: 'Tool call everything__get-tiny-image' });
  await imageCall
    .getByRole('group', { name: 'Approve tool call' })
    .getByRole('button', { name: 'Run' })
    .click();
  const image = page.getByRole('img', { name: 'Image returned by the tool' });
  await expect(image).toBeVisible();
  expect(await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(20);
  await expect(page.getByRole('article', { name: 'Assistant' }).last()).toContainText(
    'It also returned an image, which is shown to the user.',
  );
  await page.screenshot({ path: 'test-results/chat-tool-call.png', fullPage: true });

  // A server added with the form whose command does not exist shows why, beside the working one.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('tab', { name: 'Tools' }).click();
  await page.getByText('Add a server').click();
  await page.getByLabel('Server name').fill('broken');
  await page.getByLabel('Command', { exact: true }).fill('switchboard-no-such-command');
  await page.getByRole('button', { name: 'Add server' }).click();
  await expect(page.getByRole('group', { name: 'MCP server broken' }).getByRole('status')).toHaveText(
    'Error: The command "switchboard-no-such-command" was not found (not an executable file, and not on PATH).',
  );
  await expect(page.getByRole('group', { name: 'MCP server everything' }).getByRole('status')).toHaveText(
    /^Connected — \d+ tools$/,
  );
  await page.getByRole('group', { name: 'MCP server broken' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/settings-tools-error.png' });
});
