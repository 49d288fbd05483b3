import { expect, test } from '../serve-fixture';

test.use({ locale: 'ru-RU' });

test('settings refused by the core are explained beside their field in Russian', async ({ page, serve }) => {
  await page.goto(serve.url);
  await page.getByRole('button', { name: 'Настройки', exact: true }).click();
  await page.getByLabel('Сообщений истории').fill('-3');
  await page.getByLabel('Символов истории').fill('сто');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();

  const messages = page.getByLabel('Сообщений истории');
  const chars = page.getByLabel('Символов истории');
  await expect(messages).toHaveAttribute('aria-invalid', 'true');
  await expect(messages).toHaveAccessibleDescription(/должно быть не меньше 0/);
  await expect(chars).toHaveAccessibleDescription(/должно быть целым числом/);
  await expect(page.getByText('Не сохранено. Исправьте отмеченные ниже поля.')).toBeVisible();
  await expect(page.getByText('must be', { exact: false })).toHaveCount(0);
  await messages.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settings-error-ru.png') });
});
