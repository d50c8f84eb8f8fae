import { expect, test, Page } from '@playwright/test';
import { COORDINATOR, login, logout, open, settle } from './helpers';

async function openRecord(page: Page, testInfo) {
  await open(page, testInfo, '/intern/termine?ansicht=liste&gebiet=hafen');
  await page.getByRole('link', { name: 'Akteursgespräch Hafen', exact: true }).click();
  await settle(page, testInfo);
  await page.getByRole('link', { name: 'Durchführung und Protokoll' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Protokoll: Akteursgespräch Hafen');
  await settle(page, testInfo);
}

const needs = (page: Page) => page.locator('#bedarf ol.items > li');
const saved = (page: Page) => expect(page.locator('.sync-state')).toHaveText('Alle Änderungen gespeichert');

// Tagged @braucht-js: the offline queue lives in the WebAssembly, so the JS-off project leaves this
// test out (playwright.config.ts); the plain-form path is the next test, run in both projects.
test('recording by keyboard survives a lost connection and a reload without one @braucht-js', async ({ page, context }, testInfo) => {
  await login(page, testInfo, COORDINATOR);
  await openRecord(page, testInfo);

  // Keys 1/2/3 choose the Handlungsfeld while the title is empty; Enter adds the need.
  const title = page.getByLabel('Kurzer Titel').first();
  await title.focus();
  await page.keyboard.press('2');
  await expect(page.getByLabel('2 – Eltern und Kinder stärken – Kinderarmut bekämpfen')).toBeChecked();
  await title.fill('Mehr Plätze in der Kita');
  await title.press('Enter');
  await expect(needs(page)).toHaveCount(1);
  await expect(needs(page).first()).toContainText('HF 2');
  await expect(title).toBeFocused();
  await expect(title).toHaveValue('');
  const potential = page.locator('#potential').getByLabel('Kurzer Titel');
  await potential.fill('Aktiver Nachbarschaftsverein');
  await potential.press('Enter');
  await page.getByLabel('Protokolltext').fill('# Begrüßung\n\nFrau Kaya begrüßt **alle**.');
  await page.getByLabel('Organisation', { exact: true }).fill('Quartiersmanagement');
  await page.getByRole('button', { name: 'Hinzufügen', exact: true }).click();
  await saved(page);

  // The service worker has kept the page for a reload without connection.
  await expect.poll(() => page.evaluate(async () => {
    const cache = await caches.open('aktionsplan-protokoll-v2');
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  })).toContain(new URL(page.url()).pathname);
  // The copy carries the time it was kept: after 12 hours the worker no longer serves it.
  const keptFor = await page.evaluate(async (path) => {
    const copy = await (await caches.open('aktionsplan-protokoll-v2')).match(path);
    return Date.now() - Number(copy?.headers.get('x-aufbewahrt-seit'));
  }, new URL(page.url()).pathname);
  expect(keptFor).toBeGreaterThanOrEqual(0);
  expect(keptFor).toBeLessThan(60_000);
  // The connection drops: typing goes on, the page says so.
  await context.setOffline(true);
  await title.focus();
  await page.keyboard.press('1');
  await title.fill('Sprachkurse mit Kinderbetreuung');
  await title.press('Enter');
  await expect(page.locator('.sync-state')).toContainText('offline – wird später gesendet');
  await page.getByLabel('Protokolltext').fill('# Begrüßung\n\nFrau Kaya begrüßt **alle**.\n\nOffline weitergeschrieben.');
  await page.getByLabel('Protokolltext').blur();
  await expect(page.locator('.sync-state')).toContainText('(2 Änderungen)');

  // A reload without connection loses nothing.
  await page.reload();
  await settle(page, testInfo);
  await expect(needs(page)).toHaveCount(2);
  await expect(page.getByLabel('Protokolltext')).toHaveValue(/Offline weitergeschrieben/);
  await expect(page.locator('.sync-state')).toContainText('offline');

  // Back online: everything is sent, and stored once.
  await context.setOffline(false);
  await saved(page);
  await page.reload();
  await settle(page, testInfo);
  await expect(needs(page)).toHaveCount(2);
  await expect(needs(page).nth(1)).toContainText('Sprachkurse mit Kinderbetreuung');
  await expect(page.getByLabel('Protokolltext')).toHaveValue(/Offline weitergeschrieben/);
  await expect(page.locator('.walk-ins')).toContainText('Quartiersmanagement');

  // Reorder by keyboard-reachable buttons, edit in place.
  await page.getByRole('button', { name: '„Sprachkurse mit Kinderbetreuung“ nach oben' }).click();
  await expect(needs(page).first()).toContainText('Sprachkurse mit Kinderbetreuung');
  await page.getByText('Bearbeiten: Mehr Plätze in der Kita').click();
  await page.locator('#bedarf details[open]').getByLabel('Titel', { exact: true }).fill('Mehr Betreuungsplätze in Kitas');
  await page.locator('#bedarf details[open]').getByRole('button', { name: 'Übernehmen' }).click();
  await expect(needs(page).nth(1)).toContainText('Mehr Betreuungsplätze in Kitas');
  await saved(page);
  await logout(page, testInfo);
});

test('without JavaScript the same record is kept with plain forms, then closed', async ({ page }, testInfo) => {
  await login(page, testInfo, COORDINATOR);
  await openRecord(page, testInfo);
  const before = await needs(page).count();
  const needForm = page.locator('#bedarf form.capture-form');
  await needForm.getByLabel('3 – Sozialen Zusammenhalt im Quartier stärken').check();
  await needForm.getByLabel('Kurzer Titel').fill('Treffpunkt für Ältere');
  await needForm.getByRole('button', { name: 'Hinzufügen (Enter)' }).click();
  await expect(needs(page)).toHaveCount(before + 1);
  await expect(needs(page).last()).toContainText('HF 3');
  await settle(page, testInfo);

  // Closing needs a held meeting.
  await page.getByRole('link', { name: 'Akteursgespräch Hafen' }).first().click();
  await settle(page, testInfo);
  await page.getByRole('button', { name: 'Als durchgeführt vermerken' }).click();
  await expect(page.getByRole('status')).toContainText('durchgeführt');
  await settle(page, testInfo);
  await page.getByRole('link', { name: 'Durchführung und Protokoll' }).click();
  await settle(page, testInfo);
  await page.getByRole('button', { name: 'Protokoll abschließen', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText('Das Protokoll ist abgeschlossen');
  await expect(page.getByRole('button', { name: 'Hinzufügen (Enter)' })).toHaveCount(0);
  await expect(page.getByText('Treffpunkt für Ältere')).toBeVisible();
  await settle(page, testInfo);
  await page.getByRole('textbox', { name: /^Nachtrag/ }).fill('Korrektur: Es waren 14 Teilnehmende.');
  await page.getByRole('button', { name: 'Nachtrag speichern' }).click();
  await expect(page.locator('.addenda')).toContainText('Korrektur: Es waren 14 Teilnehmende.');
  await expect(page.locator('.addenda')).toContainText('Kai Nordstadt');
  await settle(page, testInfo);

  await page.getByRole('link', { name: 'Druckansicht' }).click();
  await settle(page, testInfo);
  await expect(page.getByText(/^Abgeschlossen am/)).toBeVisible();
  await expect(page.locator('main')).toContainText('Treffpunkt für Ältere');

  // The needs appear in the area's list with their source.
  await open(page, testInfo, '/intern/gebiete/hafen');
  const need = page.locator('ul.meeting-needs li').filter({ hasText: 'Treffpunkt für Ältere' });
  await expect(need).toHaveCount(1);
  await expect(need).toContainText('Quelle: Akteursgespräch Hafen am 27.03.2022');
  await logout(page, testInfo);
});
