import { expect, test } from '../serve-fixture';

const GROQ_KEY = 'gsk_e2e_test_key_0123456789abcdefWXYZ';
const HELLO_SHA256 = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

/** What a person reads on the controls of the main flow, in each language (as they see them). */
const LANGUAGES = [
  {
    locale: 'en-US',
    settings: 'Settings',
    apiKeys: 'API Keys',
    groqKey: 'Groq API Key (Open Interpreter)',
    saveKey: 'Save Groq API Key (Open Interpreter)',
    newChat: 'New chat',
    message: 'Message',
    block: 'python code block',
    waiting: 'Waiting for your approval',
    run: 'Run',
    output: 'Output',
    exit: 'exit 0',
    assistant: 'Assistant',
    date: /^[A-Z][a-z]{2} \d{1,2}, \d{4}/,
  },
  {
    locale: 'ru-RU',
    settings: 'Настройки',
    apiKeys: 'API-ключи',
    groqKey: 'API-ключ Groq (Open Interpreter)',
    saveKey: 'Сохранить: API-ключ Groq (Open Interpreter)',
    newChat: 'Новый чат',
    message: 'Сообщение',
    block: 'Блок кода python',
    waiting: 'Ждёт вашего подтверждения',
    run: 'Запустить',
    output: 'Вывод',
    exit: 'код выхода 0',
    assistant: 'Ассистент',
    date: /^\d{1,2} [а-я]{3,4}\.? \d{4} г\./,
  },
  {
    locale: 'zh-CN',
    settings: '设置',
    apiKeys: 'API 密钥',
    groqKey: 'Groq API 密钥（Open Interpreter）',
    saveKey: '保存 Groq API 密钥（Open Interpreter）',
    newChat: '新建对话',
    message: '消息',
    block: 'python 代码块',
    waiting: '等待你的审批',
    run: '运行',
    output: '输出',
    exit: '退出码 0',
    assistant: '助手',
    date: /^\d{4}年\d{1,2}月\d{1,2}日/,
  },
] as const;

for (const words of LANGUAGES) {
  test.describe(`in ${words.locale}`, () => {
    test.use({ locale: words.locale });

    test('key in Settings → chat → approve → real output → answer', async ({ page, serve }) => {
      await page.goto(serve.url);
      await page.getByRole('button', { name: words.settings, exact: true }).click();
      await page.getByRole('tab', { name: words.apiKeys }).click();
      await page.getByLabel(words.groqKey, { exact: true }).fill(GROQ_KEY);
      await page.getByRole('button', { name: words.saveKey }).click();
      await expect(page.getByRole('group', { name: words.groqKey })).toContainText('gsk_…WXYZ');

      await page.getByRole('button', { name: words.newChat }).click();
      const message = page.getByRole('textbox', { name: words.message });
      await message.fill('What is the SHA-256 of the word hello? Compute it.');
      await message.press('Enter');

      const block = page.getByRole('region', { name: words.block });
      await expect(block).toContainText('hashlib.sha256');
      await expect(page.getByRole('status').filter({ hasText: words.waiting })).toBeVisible();
      await block.getByRole('button', { name: words.run }).click();

      await expect(block.getByLabel(words.output)).toContainText(HELLO_SHA256);
      await expect(block.getByLabel(words.output)).toContainText(words.exit);
      // The model's own words stay as the model wrote them; provider and model names too.
      const answer = page.getByRole('article', { name: words.assistant }).last();
      await expect(answer).toContainText(`The SHA-256 of the word is ${HELLO_SHA256}`);
      await expect(answer).toContainText('Groq · llama-3.1-8b-instant');
      // Its time is written the language's way too (the hover title).
      await expect(answer.locator('time')).toHaveAttribute('title', words.date);
    });
  });
}

test('Settings → General → Language switches the interface and keeps it after a reload', async ({
  page,
  serve,
}) => {
  await page.goto(serve.url);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Language').selectOption('ru');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Сохранено.')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Общие' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');

  await page.reload();
  await expect(page.getByRole('button', { name: 'Настройки', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Настройки', exact: true }).click();
  // Setting keys and provider names stay as they are.
  await expect(page.getByLabel('Провайдер Open Interpreter')).toContainText('Groq');
  await page.getByLabel('Язык').selectOption('zh');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(page.getByRole('tab', { name: '常规' })).toBeVisible();
});
