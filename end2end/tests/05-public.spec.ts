import { expect, test } from '@playwright/test';
import { open } from './helpers';

test('the start page names the Handlungsfelder and lists all 15 areas by Stadtbezirk', async ({ page }, testInfo) => {
  await open(page, testInfo, '/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aktionsplan Soziale Stadt Dortmund');
  for (const field of [
    'Arbeit und Beschäftigung im Quartier',
    'Eltern und Kinder stärken – Kinderarmut bekämpfen',
    'Sozialen Zusammenhalt im Quartier stärken',
  ]) {
    await expect(page.getByText(field)).toBeVisible();
  }
  await expect(page.locator('main .area-groups a')).toHaveCount(15);
  await expect(page.getByRole('heading', { name: 'Innenstadt-Nord' })).toBeVisible();
  await page.getByRole('link', { name: 'Wambeler Heide' }).click();
  await expect(page.getByRole('heading', { name: 'Wambeler Heide', level: 1 })).toBeVisible();
  await expect(page.locator('ol.history')).toContainText('Drucksache Nr. 19100-20');
});

test('keyboard users can skip to the content; unknown pages answer 404', async ({ page }, testInfo) => {
  await open(page, testInfo, '/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Zum Inhalt springen' })).toBeFocused();
  const missing = await open(page, testInfo, '/gibt-es-nicht');
  expect(missing!.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Diese Seite gibt es nicht' })).toBeVisible();
  await open(page, testInfo, '/impressum');
  await expect(page.getByRole('heading', { name: 'Impressum' })).toBeVisible();
  await open(page, testInfo, '/datenschutz');
  await expect(page.getByRole('heading', { name: 'Datenschutz' })).toBeVisible();
});
