import { expect, test } from '@playwright/test';
import { COORDINATOR, login, logout, open, settle } from './helpers';

test('a coordinator keeps an organisation with a consenting contact and erases the contact on request', async ({ page }, testInfo) => {
  await login(page, testInfo, COORDINATOR);
  await open(page, testInfo, '/intern/akteure/neu');
  await page.getByLabel(/^Name der Organisation/).fill('Kita Sonnenschein');
  await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Kita' });
  await page.getByRole('checkbox', { name: /^Hafen/ }).check();
  await page.getByRole('checkbox', { name: /Eltern und Kinder/ }).check();
  await page.getByRole('button', { name: 'Organisation anlegen' }).click();
  await expect(page.getByRole('status')).toContainText('Die Organisation ist angelegt');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kita Sonnenschein');
  await settle(page, testInfo);

  const contact = page.locator('form', { has: page.getByRole('button', { name: 'Ansprechperson eintragen' }) });
  await contact.getByLabel(/^Name /).fill('Anna Kaya');
  await contact.getByLabel('E-Mail (freiwillig)').fill('anna.kaya@example.org');
  await contact.getByLabel(/^Einwilligung erteilt am/).fill('2022-02-14');
  await contact.getByRole('button', { name: 'Ansprechperson eintragen' }).click();
  await expect(page.getByRole('status')).toContainText('Die Ansprechperson ist eingetragen');
  const table = page.getByRole('table', { name: 'Ansprechpersonen mit Einwilligung' });
  await expect(table).toContainText('Anna Kaya');
  await expect(table).toContainText('14.02.2022');
  await expect(table).toContainText('Kai Nordstadt');
  await settle(page, testInfo);

  await open(page, testInfo, '/intern/akteure?q=sonnen');
  await expect(page.getByRole('link', { name: 'Kita Sonnenschein' })).toBeVisible();
  await page.getByRole('link', { name: 'Kita Sonnenschein' }).click();
  await settle(page, testInfo);
  await page.getByRole('button', { name: 'Daten von Anna Kaya löschen' }).click();
  await expect(page.getByRole('status')).toContainText('gelöscht');
  await expect(page.getByText('Anna Kaya')).toHaveCount(0);
  await expect(page.getByText('Auf Wunsch gelöschte Ansprechpersonen: 1')).toBeVisible();
  await settle(page, testInfo);
  await logout(page, testInfo);
});

async function planMeeting(page, values: { title: string; date: string; start: string; end: string; venue: string }) {
  await page.getByLabel('Gebiet', { exact: true }).selectOption({ label: 'Hafen' });
  await page.getByLabel(/^Titel /).fill(values.title);
  await page.getByLabel(/^Datum /).fill(values.date);
  await page.getByLabel(/^Beginn /).fill(values.start);
  await page.getByLabel(/^Ende /).fill(values.end);
  await page.getByLabel(/^Ort /).fill(values.venue);
}

test('planning meetings across the summer-time change warns about a double booking', async ({ page }, testInfo) => {
  await login(page, testInfo, COORDINATOR);
  await open(page, testInfo, '/intern/termine/neu');
  await planMeeting(page, { title: 'Akteursgespräch Hafen', date: '2022-03-27', start: '01:00', end: '03:00', venue: 'Kulturort Depot' });
  await page.getByLabel('Tagesordnung (ein Punkt pro Zeile)').fill('Begrüßung\nBedarfe sammeln');
  await page.getByRole('button', { name: 'Termin speichern' }).click();
  await expect(page.getByRole('status')).toContainText('Der Termin ist geplant');
  await expect(page.locator('dl.facts')).toContainText('So., 27.03.2022, 01:00–03:00 Uhr');
  const first = page.url();
  await settle(page, testInfo);

  // Back to back at the same venue: no warning.
  await open(page, testInfo, '/intern/termine/neu');
  await planMeeting(page, { title: 'Nachgespräch', date: '2022-03-27', start: '03:00', end: '04:00', venue: 'kulturort depot' });
  await page.getByRole('button', { name: 'Termin speichern' }).click();
  await expect(page.getByRole('status')).toContainText('Der Termin ist geplant');
  await settle(page, testInfo);

  // Overlapping: the warning names and links the other meeting; confirming saves anyway.
  await open(page, testInfo, '/intern/termine/neu');
  await planMeeting(page, { title: 'Überschneidung', date: '2022-03-27', start: '01:30', end: '03:30', venue: 'Anderswo' });
  await page.getByLabel('Tagesordnung (ein Punkt pro Zeile)').fill('Doppelt?\nKlären');
  await page.getByLabel(/öffentlichen Terminliste/).check();
  await page.getByRole('button', { name: 'Termin speichern' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Zur selben Zeit gibt es schon einen Termin');
  await expect(alert.getByRole('link', { name: /Akteursgespräch Hafen/ })).toHaveAttribute('href', new URL(first).pathname);
  // What was typed is still there (without JavaScript the server fills the form in again).
  await expect(page.getByLabel(/^Titel /)).toHaveValue('Überschneidung');
  await expect(page.getByLabel(/^Datum /)).toHaveValue('2022-03-27');
  await expect(page.getByLabel(/^Beginn /)).toHaveValue('01:30');
  await expect(page.getByLabel(/^Ort /)).toHaveValue('Anderswo');
  await expect(page.getByLabel('Tagesordnung (ein Punkt pro Zeile)')).toHaveValue('Doppelt?\nKlären');
  await expect(page.getByLabel('Gebiet', { exact: true })).toHaveValue('hafen');
  await expect(page.getByLabel(/öffentlichen Terminliste/)).toBeChecked();
  await page.getByLabel('Ich habe die Überschneidung geprüft').check();
  await page.getByRole('button', { name: 'Termin speichern' }).click();
  await expect(page.getByRole('status')).toContainText('Der Termin ist geplant');
  await settle(page, testInfo);

  // The month grid and the list both show them.
  await open(page, testInfo, '/intern/termine?ansicht=monat&datum=2022-03-01&gebiet=hafen');
  await expect(page.getByRole('heading', { name: 'März 2022' })).toBeVisible();
  await expect(page.locator('.month-grid')).toContainText('Akteursgespräch Hafen');
  await expect(page.locator('.month-grid')).toContainText('Überschneidung');
  await page.getByRole('link', { name: 'Liste' }).click();
  await settle(page, testInfo);
  await expect(page.getByRole('table', { name: /Alle Termine/ }).getByRole('row')).toHaveCount(4);

  // Cancelling needs a reason and shows in the calendar.
  await page.getByRole('link', { name: 'Überschneidung' }).click();
  await settle(page, testInfo);
  await page.getByLabel(/^Grund der Absage/).fill('Doppelt geplant');
  await page.getByRole('button', { name: 'Termin absagen' }).click();
  await expect(page.getByRole('status')).toContainText('Der Termin ist abgesagt');
  await expect(page.locator('dl.facts')).toContainText('Doppelt geplant');
  await settle(page, testInfo);
  await logout(page, testInfo);
});
