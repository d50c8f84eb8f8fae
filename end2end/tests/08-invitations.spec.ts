import { expect, test } from '@playwright/test';
import { COORDINATOR, login, logout, open, settle } from './helpers';

test('an invitee replies through the personal link without an account', async ({ page }, testInfo) => {
  await login(page, testInfo, COORDINATOR);
  await open(page, testInfo, '/intern/termine/neu');
  await page.getByLabel('Gebiet', { exact: true }).selectOption({ label: 'Hafen' });
  await page.getByLabel(/^Titel /).fill('Akteursgespräch Hafen 2030');
  await page.getByLabel(/^Datum /).fill('2030-06-12');
  await page.getByLabel(/^Beginn /).fill('17:00');
  await page.getByLabel(/^Ende /).fill('19:00');
  await page.getByLabel(/^Ort /).fill('Depot Nord');
  await page.getByLabel('Tagesordnung (ein Punkt pro Zeile)').fill('Begrüßung\nWas braucht der Hafen?');
  await page.getByRole('button', { name: 'Termin speichern' }).click();
  await expect(page.getByRole('status')).toContainText('Der Termin ist geplant');
  await settle(page, testInfo);

  await page.getByRole('link', { name: 'Einladungen und Antworten' }).click();
  await settle(page, testInfo);
  await page.getByLabel('Kita Sonnenschein (ohne bestimmte Person)').check();
  await page.getByRole('button', { name: 'Ausgewählte einladen' }).click();
  await expect(page.getByRole('status').first()).toContainText('Die Einladungen sind angelegt');
  await expect(page.getByText('1 eingeladen · 0 Zusagen')).toBeVisible();
  const link = await page.getByRole('textbox', { name: 'Link für Kita Sonnenschein' }).inputValue();
  expect(link).toMatch(/\/einladung\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByLabel('Kita Sonnenschein', { exact: true })).toContainText(link);
  await settle(page, testInfo);
  await logout(page, testInfo);

  // The stakeholder, without an account.
  await open(page, testInfo, new URL(link).pathname);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Einladung: Akteursgespräch Hafen 2030');
  await expect(page.locator('dl.facts')).toContainText('Mi., 12.06.2030, 17:00–19:00 Uhr');
  await expect(page.getByText('Was braucht der Hafen?')).toBeVisible();
  await page.getByLabel('Ja, wir kommen (Zusage)').check();
  await page.getByLabel('Mit wie vielen Personen kommen Sie? (freiwillig)').fill('2');
  await page.getByLabel('Nachricht an die Einladenden (freiwillig)').fill('Wir bringen Kuchen mit.');
  await page.getByRole('button', { name: 'Antwort senden' }).click();
  await expect(page.getByRole('status')).toContainText('Vielen Dank, Ihre Antwort ist gespeichert');
  await expect(page.getByLabel('Ja, wir kommen (Zusage)')).toBeChecked();
  await settle(page, testInfo);
  const ics = await page.request.get(new URL(link).pathname + '/termin.ics');
  expect(ics.status()).toBe(200);
  expect(await ics.text()).toContain('SUMMARY:Akteursgespräch Hafen 2030 (Hafen)');

  await login(page, testInfo, COORDINATOR);
  await open(page, testInfo, '/intern/termine?ansicht=liste&gebiet=hafen');
  await page.getByRole('link', { name: 'Akteursgespräch Hafen 2030' }).click();
  await settle(page, testInfo);
  await page.getByRole('link', { name: 'Einladungen und Antworten' }).click();
  await settle(page, testInfo);
  const row = page.getByRole('row', { name: /Kita Sonnenschein/ });
  await expect(row).toContainText('Zusage');
  await expect(row).toContainText('Wir bringen Kuchen mit.');
  await expect(page.getByText('1 eingeladen · 1 Zusagen (2 Personen)')).toBeVisible();
  await logout(page, testInfo);
});
