import { expect, test } from '@playwright/test';
import { OFFICE, login, logout, open } from './helpers';

test('a wrong password and an unknown e-mail get the same message; the right one logs in', async ({ page }, testInfo) => {
  for (const email of [OFFICE.email, 'niemand@stadt.example']) {
    await open(page, testInfo, '/anmelden');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill('ganz falsches Passwort');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByRole('alert')).toContainText('E-Mail-Adresse oder Passwort stimmen nicht');
  }
  await login(page, testInfo, OFFICE);
  await expect(page.getByRole('heading', { name: 'Übersicht Projektbüro' })).toBeVisible();
  await logout(page, testInfo);
});

test('the staff area sends anonymous visitors to the login and back', async ({ page }, testInfo) => {
  await open(page, testInfo, '/intern/benutzer');
  await expect(page).toHaveURL(/\/anmelden\?weiter=%2Fintern%2Fbenutzer|\/anmelden\?weiter=\/intern\/benutzer/);
  await page.getByLabel('E-Mail-Adresse').fill(OFFICE.email);
  await page.getByLabel('Passwort').fill(OFFICE.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/\/intern\/benutzer$/);
  await expect(page.getByRole('heading', { name: 'Benutzerkonten' })).toBeVisible();
  await logout(page, testInfo);
});
