import { expect, test } from '@playwright/test';
import { OFFICE, atPath, login, logout, nextCode, open, saveSecondFactor, settle, takeRecoveryCode } from './helpers';

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
  await expect(page).toHaveURL(/\/anmelden\/code/);
  await settle(page, testInfo);
  await page.getByRole('textbox', { name: 'Code' }).fill(await nextCode(testInfo));
  await page.getByRole('button', { name: 'Bestätigen und anmelden' }).click();
  await expect(page).toHaveURL(atPath('/intern/benutzer'));
  await expect(page.getByRole('heading', { name: 'Benutzerkonten' })).toBeVisible();
  await logout(page, testInfo);
});

test('the Projektbüro needs its code: a wrong one is refused, a recovery code works once and new ones replace the rest', async ({ page }, testInfo) => {
  // The password alone opens nothing.
  await open(page, testInfo, '/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(OFFICE.email);
  await page.getByLabel('Passwort').fill(OFFICE.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/\/anmelden\/code/);
  await settle(page, testInfo);
  await open(page, testInfo, '/intern/benutzer');
  await expect(page).toHaveURL(/\/anmelden\?weiter=/);

  await open(page, testInfo, '/anmelden/code');
  await page.getByRole('textbox', { name: 'Code' }).fill('000000');
  await page.getByRole('button', { name: 'Bestätigen und anmelden' }).click();
  await expect(page.getByRole('alert')).toContainText('Der Code stimmt nicht');
  const recovery = takeRecoveryCode(testInfo);
  await page.getByRole('textbox', { name: 'Code' }).fill(recovery);
  await page.getByRole('button', { name: 'Bestätigen und anmelden' }).click();
  await expect(page).toHaveURL(/\/intern\/zweiter-faktor/);
  await settle(page, testInfo);
  await expect(page.getByRole('status')).toContainText('noch 9 unbenutzte Codes');

  // New codes replace the old ones: a current code of the app confirms it (step-up).
  await page.getByLabel('Aktueller Code aus Ihrer App').fill(await nextCode(testInfo));
  await page.getByRole('button', { name: 'Neue Wiederherstellungscodes erzeugen' }).click();
  await expect(page).toHaveURL(/\/intern\/wiederherstellungscodes/);
  await settle(page, testInfo);
  // allTextContents does not wait: the list must be there first.
  await expect(page.locator('ol.recovery-codes code')).toHaveCount(10);
  const codes = await page.locator('ol.recovery-codes code').allTextContents();
  expect(codes).toHaveLength(10);
  saveSecondFactor(testInfo, { codes });
  await page.getByRole('link', { name: 'Ich habe die Codes aufbewahrt: weiter' }).click();
  await expect(page).toHaveURL(atPath('/intern/zweiter-faktor'));
  await settle(page, testInfo);
  await expect(page.getByText('Unbenutzte Wiederherstellungscodes: 10 von 10.')).toBeVisible();
  await logout(page, testInfo);

  // The used code no longer works.
  await open(page, testInfo, '/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(OFFICE.email);
  await page.getByLabel('Passwort').fill(OFFICE.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/\/anmelden\/code/);
  await settle(page, testInfo);
  await page.getByRole('textbox', { name: 'Code' }).fill(recovery);
  await page.getByRole('button', { name: 'Bestätigen und anmelden' }).click();
  await expect(page.getByRole('alert')).toContainText('Der Code stimmt nicht');
});
