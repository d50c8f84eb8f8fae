import { expect, test } from '@playwright/test';
import { COORDINATOR, OFFICE, login, logout, open, settle } from './helpers';

test('the Projektbüro creates a coordinator with two areas, who sees exactly those', async ({ page }, testInfo) => {
  await login(page, testInfo, OFFICE);
  await page.getByRole('link', { name: 'Benutzerkonten verwalten' }).click();
  await expect(page.getByRole('heading', { name: 'Benutzerkonten' })).toBeVisible();
  await settle(page, testInfo);

  const form = page.locator('form', { has: page.getByRole('button', { name: 'Konto anlegen' }) });
  await form.getByLabel('Name').fill(COORDINATOR.name);
  await form.getByLabel('E-Mail-Adresse').fill(COORDINATOR.email);
  await form.getByLabel('Rolle').selectOption({ label: 'Aktionsraumbeauftragte/r' });
  await form.getByLabel('Erstes Passwort (freiwillig)').fill(COORDINATOR.password);
  await form.getByRole('checkbox', { name: /^Hafen/ }).check();
  await form.getByRole('checkbox', { name: /^Nordmarkt/ }).check();
  await form.getByRole('button', { name: 'Konto anlegen' }).click();

  await expect(page.getByRole('status')).toContainText('Das Konto ist angelegt');
  await expect(page.getByRole('heading', { name: COORDINATOR.name })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /^Hafen/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /^Nordmarkt/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /^Borsigplatz/ })).not.toBeChecked();
  await logout(page, testInfo);

  await login(page, testInfo, COORDINATOR);
  await expect(page.getByRole('heading', { name: 'Meine Aktionsräume' })).toBeVisible();
  const areaLinks = page.locator('main .area-groups a');
  await expect(areaLinks).toHaveText(['Hafen', 'Nordmarkt']);

  // Another area's staff part and the account management are refused.
  const forbidden = await open(page, testInfo, '/intern/gebiete/borsigplatz');
  await expect(page.getByRole('heading', { name: 'Kein Zugriff' })).toBeVisible();
  expect(forbidden!.status()).toBe(403);
  const users = await open(page, testInfo, '/intern/benutzer');
  expect(users!.status()).toBe(403);
  await open(page, testInfo, '/intern/gebiete/hafen');
  await expect(page.getByRole('heading', { name: 'Hafen – interner Bereich' })).toBeVisible();
  await logout(page, testInfo);
});

test('bad input in the account form is explained next to the field', async ({ page }, testInfo) => {
  await login(page, testInfo, OFFICE);
  await open(page, testInfo, '/intern/benutzer');
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Konto anlegen' }) });
  await form.getByLabel('Name').fill('Doppelt');
  await form.getByLabel('E-Mail-Adresse').fill(COORDINATOR.email);
  await form.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.getByRole('alert')).toContainText('Bitte prüfen Sie die markierten Eingaben');
  const email = page.locator('form').getByLabel('E-Mail-Adresse');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#feld-email-fehler')).toContainText('schon ein Konto');
  await logout(page, testInfo);
});
