import { expect, test } from '@playwright/test';
import { OFFICE, atPath, logout, nextCode, open, port, saveSecondFactor, settle } from './helpers';

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

  // The Projektbüro must set up its second factor: the secret as QR code and as text.
  await expect(page).toHaveURL(/\/anmelden\/zweiter-faktor/);
  await settle(page, testInfo);
  await expect(page.getByRole('heading', { name: 'Anmeldung absichern: zweiten Faktor einrichten' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR-Code für die Authenticator-App' })).toBeVisible();
  const secret = (await page.locator('code.secret').textContent())!.replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  saveSecondFactor(testInfo, { secret, codes: [], lastStep: -1 });
  await page.getByRole('textbox', { name: 'Code' }).fill('000000');
  await page.getByRole('button', { name: 'Einrichten und anmelden' }).click();
  await expect(page.getByRole('alert')).toContainText('Der Code stimmt nicht');
  await page.getByRole('textbox', { name: 'Code' }).fill(await nextCode(testInfo));
  await page.getByRole('button', { name: 'Einrichten und anmelden' }).click();

  // Ten recovery codes, shown once.
  await expect(page).toHaveURL(/\/intern\/wiederherstellungscodes/);
  await settle(page, testInfo);
  await expect(page.getByRole('heading', { name: 'Der zweite Faktor ist eingerichtet.' })).toBeVisible();
  // allTextContents does not wait: the list must be there first.
  await expect(page.locator('ol.recovery-codes code')).toHaveCount(10);
  const codes = await page.locator('ol.recovery-codes code').allTextContents();
  expect(codes).toHaveLength(10);
  saveSecondFactor(testInfo, { codes });
  await page.getByRole('link', { name: 'Ich habe die Codes aufbewahrt: weiter' }).click();

  await expect(page).toHaveURL(atPath('/intern'));
  await settle(page, testInfo);
  await expect(page.getByRole('heading', { name: 'Übersicht Projektbüro' })).toBeVisible();
  await logout(page, testInfo);

  // The link works only once.
  const again = await open(page, testInfo, path);
  await expect(page.getByRole('heading', { name: 'Link ungültig' })).toBeVisible();
  if (again) expect(again.status()).toBe(410);
});
