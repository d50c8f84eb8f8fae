import { expect, test } from '@playwright/test';
import { OFFICE, logout, open, port, settle } from './helpers';

test('the one-time setup link creates the first Projektbüro account, once', async ({ page }, testInfo) => {
  const link = process.env[`SETUP_LINK_${port(testInfo)}`]!;
  expect(link).toContain('/einrichten?token=');
  const path = new URL(link).pathname + new URL(link).search;

  await open(page, testInfo, path);
  await expect(page.getByRole('heading', { name: 'Aktionsplan einrichten' })).toBeVisible();
  await page.getByLabel('Ihr Name').fill(OFFICE.name);
  await page.getByLabel('E-Mail-Adresse').fill(OFFICE.email);
  await page.getByLabel('Passwort', { exact: false }).first().fill(OFFICE.password);
  await page.getByLabel('Passwort wiederholen').fill(OFFICE.password);
  await page.getByRole('button', { name: 'Konto anlegen und anmelden' }).click();

  await expect(page).toHaveURL(/\/intern$/);
  await settle(page, testInfo);
  await expect(page.getByRole('heading', { name: 'Übersicht Projektbüro' })).toBeVisible();
  await logout(page, testInfo);

  // The link works only once.
  const again = await open(page, testInfo, path);
  await expect(page.getByRole('heading', { name: 'Link ungültig' })).toBeVisible();
  if (again) expect(again.status()).toBe(410);
});
