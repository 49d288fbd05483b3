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

test('each problem of the provider registry JSON is named in Russian, with its entry and field', async ({
  page,
  serve,
}) => {
  await page.goto(serve.url);
  await page.getByRole('button', { name: 'Настройки', exact: true }).click();
  const registry = page.getByLabel('Реестр провайдеров (JSON)');
  await registry.fill(
    JSON.stringify([
      { id: 'gemini-a', api_base: 'ftp://x', model: 'm' },
      { api_base: 'https://b.example', model: 'm', colour: 'red' },
    ]),
  );
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();

  await expect(registry).toHaveAttribute('aria-invalid', 'true');
  await expect(registry).toHaveAccessibleDescription(
    /запись 1 \(`gemini-a`\): `api_base` должен быть URL http\(s\)/,
  );
  await expect(registry).toHaveAccessibleDescription(/запись 2: неизвестные поля: `colour`/);
  await expect(page.getByText('must be', { exact: false })).toHaveCount(0);
  await registry.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('registry-error-ru.png') });
});
