import { expect, test } from '@playwright/test';
import { COORDINATOR, OFFICE, login, logout, open, settle } from './helpers';

// A date ten days ahead as the date input takes it.
function soon(): string {
  const day = new Date(Date.now() + 10 * 24 * 3600 * 1000);
  return day.toISOString().slice(0, 10);
}

test('the public sees listed dates without names; the Projektbüro sees where each area stands', async ({ page }, testInfo) => {
  const date = soon();
  await login(page, testInfo, COORDINATOR);
  await open(page, testInfo, '/intern/termine/neu');
  await page.getByLabel('Gebiet', { exact: true }).selectOption({ label: 'Nordmarkt' });
  await page.getByLabel(/^Titel /).fill('Akteursgespräch Nordmarkt');
  await page.getByLabel(/^Datum /).fill(date);
  await page.getByLabel(/^Beginn /).fill('17:00');
  await page.getByLabel(/^Ende /).fill('19:00');
  await page.getByLabel(/^Ort /).fill('Nachbarschaftstreff Nordmarkt');
  await page.getByLabel('Adresse (freiwillig)').fill('Mallinckrodtstraße 1');
  await page.getByLabel(/öffentlichen Terminliste/).check();
  await page.getByRole('button', { name: 'Termin speichern' }).click();
  await expect(page.getByRole('status')).toContainText('Der Termin ist geplant');
  await settle(page, testInfo);

  // The coordinator's overview lists only their own areas.
  await open(page, testInfo, '/intern');
  const own = page.getByRole('table', { name: 'Akteursgespräche 2022 je Gebiet' });
  await expect(own.locator('tbody tr')).toHaveCount(2);
  await expect(own.getByRole('row', { name: /^Hafen/ })).toContainText('durchgeführt');
  await expect(own.getByRole('row', { name: /^Nordmarkt/ })).toContainText('fehlt noch');
  await logout(page, testInfo);

  // Everybody: the list of dates, by area, and on the area's page; no organiser named.
  await open(page, testInfo, '/');
  await page.getByRole('link', { name: 'Termine', exact: true }).click();
  await settle(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Termine');
  const listed = page.locator('.public-dates > li').filter({ hasText: 'Akteursgespräch Nordmarkt' });
  await expect(listed).toContainText('Nachbarschaftstreff Nordmarkt, Mallinckrodtstraße 1');
  await expect(listed).toContainText('17:00–19:00 Uhr');
  await expect(page.locator('main')).not.toContainText(COORDINATOR.name);
  await page.getByLabel('Gebiet', { exact: true }).selectOption({ label: 'Hafen' });
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page).toHaveURL(/gebiet=hafen/);
  await expect(page.getByText('Zurzeit sind keine öffentlichen Termine angekündigt.')).toBeVisible();
  await settle(page, testInfo);
  await open(page, testInfo, '/gebiete/nordmarkt');
  await expect(page.getByRole('heading', { name: 'Öffentliche Termine' })).toBeVisible();
  await expect(page.locator('.public-dates')).toContainText('Akteursgespräch Nordmarkt');

  // The Projektbüro: all 15 areas at a glance, for 2022 and for the year of the new date.
  await login(page, testInfo, OFFICE);
  await expect(page.getByRole('heading', { name: 'Akteursgespräche 2022' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Akteursgespräche 2022 je Gebiet' });
  await expect(table.locator('tbody tr')).toHaveCount(15);
  await expect(table.getByRole('row', { name: /^Hafen/ })).toContainText('durchgeführt');
  const borsigplatz = table.getByRole('row', { name: /^Borsigplatz/ });
  await expect(borsigplatz).toContainText('fehlt noch');
  await expect(borsigplatz.getByRole('link', { name: 'Termin planen für Borsigplatz' })).toHaveAttribute('href', '/intern/termine/neu?gebiet=borsigplatz');
  await expect(page.getByText(/Stand: durchgeführt: 1, geplant: 0, fehlt noch: 14/)).toBeVisible();

  const year = date.slice(0, 4);
  await page.getByLabel('Jahr', { exact: true }).selectOption(year);
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page).toHaveURL(new RegExp(`jahr=${year}`));
  await settle(page, testInfo);
  const later = page.getByRole('table', { name: `Akteursgespräche ${year} je Gebiet` });
  await expect(later.getByRole('row', { name: /^Nordmarkt/ })).toContainText('geplant');
  await logout(page, testInfo);
});

// The record keeps unsent changes in the browser; logging out clears the browser's storage, so it
// asks first, and afterwards nothing of the record is left on the laptop.
test('logging out asks about unsent record changes and leaves nothing behind @braucht-js', async ({ page }, testInfo) => {
  await login(page, testInfo, COORDINATOR);
  await open(page, testInfo, '/intern/termine?ansicht=liste&gebiet=nordmarkt');
  await page.getByRole('link', { name: 'Akteursgespräch Nordmarkt', exact: true }).click();
  await settle(page, testInfo);
  await page.getByRole('link', { name: 'Durchführung und Protokoll' }).click();
  await settle(page, testInfo);

  // The server cannot be reached for the record's changes: they wait in the browser.
  await page.route('**/api/protokoll-aenderungen', (route) => route.abort());
  const title = page.getByLabel('Kurzer Titel').first();
  await title.focus();
  await page.keyboard.press('3');
  await title.fill('Sitzbänke am Nordmarkt');
  await title.press('Enter');
  await expect(page.locator('.sync-state')).toContainText('wird später gesendet');
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('aktionsplan-protokoll-')).length)).toBe(1);

  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.message();
    dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect.poll(() => asked).toContain('noch nicht beim Server angekommen');
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();

  // Once the changes are through, logging out asks nothing and clears the browser.
  await page.unroute('**/api/protokoll-aenderungen');
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(page.locator('.sync-state')).toHaveText('Alle Änderungen gespeichert');
  await expect.poll(() => page.evaluate(async () => (await caches.keys()).length)).toBeGreaterThan(0);
  await logout(page, testInfo);
  await expect.poll(() => page.evaluate(async () => ({
    stored: localStorage.length,
    caches: (await caches.keys()).length,
    workers: (await navigator.serviceWorker.getRegistrations()).length,
  }))).toEqual({ stored: 0, caches: 0, workers: 0 });
});
