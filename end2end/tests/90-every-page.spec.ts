import { expect, Page, test, TestInfo } from '@playwright/test';
import { checkPage } from './checks';
import { COORDINATOR, OFFICE, login, logout, open } from './helpers';

// Every page of the app once more, now that the earlier specs have filled the database: public,
// as a coordinator and as the Projektbüro, and the error states of forms. open() runs axe-core on
// each page and keeps its document for the Nu checker (99-valid-html).

/** The first link on the page whose address matches. */
async function firstLink(page: Page, pattern: RegExp): Promise<string> {
  const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link like ${pattern} on ${page.url()}`).toBeTruthy();
  return href!;
}

async function openAll(page: Page, testInfo: TestInfo, paths: string[]) {
  for (const path of paths) {
    await test.step(path, async () => {
      const response = await open(page, testInfo, path);
      expect(response?.status(), path).toBeLessThan(500);
    });
  }
}

test('every public page, in German and Arabic, and its error states', async ({ page }, testInfo) => {
  testInfo.setTimeout(180_000);
  await openAll(page, testInfo, [
    '/', '/gebiete/nordmarkt', '/gebiete/westerfilde-bodelschwingh', '/gebiete/nordmarkt/programm',
    '/gebiete/nordmarkt/programm/fassung/1', '/termine', '/umsetzung', '/umsetzung?stand=umgesetzt',
    '/offene-daten', '/impressum', '/datenschutz', '/anmelden', '/barrierefreiheit', '/barrierefreiheit?seite=%2Ftermine',
    '/barrierefreiheit/eingang', '/barrierefreiheit/eingang?schluessel=falsch', '/leichte-sprache',
    '/bedarf/nordmarkt', '/bedarf/nordmarkt?sprache=en', '/bedarf/nordmarkt?sprache=tr', '/bedarf/nordmarkt?sprache=ar',
    '/bedarf/nordmarkt/plakat',
    // Links that are wrong or used up, and addresses that do not exist.
    '/verfolgen/falsch', '/verfolgen/falsch?sprache=ar', '/abbestellen/falsch', '/abbestellen/falsch?sprache=ar',
    '/einladung/falsch', '/einrichten?token=falsch', '/passwort?token=falsch', '/anmelden/code',
    '/anmelden/zweiter-faktor', '/gebiete/gibt-es-nicht', '/gibt-es-nicht',
  ]);

  // The needs form with errors, in Arabic (right to left) and German.
  await open(page, testInfo, '/bedarf/hafen?sprache=ar');
  await page.getByLabel(/^ما الذي تحتاجونه/).fill(' ');
  await page.getByLabel(/^الوصف/).fill(' ');
  await page.getByLabel('عنوان بريدكم الإلكتروني').fill('name@beispiel');
  await page.getByRole('button', { name: 'إرسال الاحتياج' }).click();
  await expect(page.getByRole('alert')).toContainText('يُرجى مراجعة الحقول المُعلَّمة.');
  await checkPage(page, testInfo);

  await open(page, testInfo, '/bedarf/hafen');
  await page.getByLabel(/^Was wird gebraucht/).fill('Sitzbänke am Hafenplatz');
  await page.getByLabel(/^Beschreibung/).fill(' ');
  await page.getByRole('button', { name: 'Bedarf absenden' }).click();
  await expect(page.getByRole('alert')).toContainText('Bitte prüfen Sie die markierten Eingaben');
  await checkPage(page, testInfo);

  // The receipt and the trail of a need sent now.
  await page.getByRole('radio', { name: /Sozialen Zusammenhalt/ }).check();
  await page.getByLabel(/^Beschreibung/).fill('Am Hafenplatz kann man nirgends sitzen.');
  await page.waitForTimeout(3_500);
  await page.getByRole('button', { name: 'Bedarf absenden' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vielen Dank! Ihre Meldung ist gespeichert.');
  await checkPage(page, testInfo);
  const trail = new URL((await page.locator('.tracking-url').textContent())!.trim()).pathname;
  await openAll(page, testInfo, [trail, `${trail}?sprache=ar`]);

  // The feedback form without a description.
  await open(page, testInfo, '/barrierefreiheit');
  await page.getByLabel(/^Was hat nicht funktioniert/).fill(' ');
  await page.getByRole('button', { name: 'Meldung absenden' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await checkPage(page, testInfo);

  // A wrong password.
  await open(page, testInfo, '/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(COORDINATOR.email);
  await page.getByLabel('Passwort').fill('ganz falsches Passwort');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('alert')).toContainText('E-Mail-Adresse oder Passwort stimmen nicht');
  await checkPage(page, testInfo);
});

test('every page of a coordinator, and the error states of the staff forms', async ({ page }, testInfo) => {
  testInfo.setTimeout(180_000);
  await login(page, testInfo, COORDINATOR);
  await openAll(page, testInfo, [
    '/intern', '/intern/termine', '/intern/termine/neu', '/intern/akteure', '/intern/akteure/neu',
    '/intern/bedarfe', '/intern/bedarfe?feld=2&stand=neu', '/intern/bedarfe/neu', '/intern/kalender',
    '/intern/gebiete/nordmarkt', '/intern/gebiete/hafen', '/intern/gebiete/nordmarkt/umsetzung',
    '/intern/gebiete/nordmarkt/programm', '/intern/gebiete/nordmarkt/programm/bearbeiten',
    '/intern/gebiete/nordmarkt/programm/vergleich', '/intern/gebiete/hafen/programm',
    // Not for coordinators: the permission message.
    '/intern/benutzer', '/intern/sachstand', '/intern/gebiete/westerfilde-bodelschwingh',
  ]);

  await open(page, testInfo, '/intern/termine');
  const meeting = await firstLink(page, /^\/intern\/termine\/\d+$/);
  await openAll(page, testInfo, [meeting, `${meeting}/bearbeiten`, `${meeting}/einladungen`, `${meeting}/protokoll`, `${meeting}/protokoll/druck`]);
  await open(page, testInfo, '/intern/akteure');
  await openAll(page, testInfo, [await firstLink(page, /^\/intern\/akteure\/\d+$/)]);
  await open(page, testInfo, '/intern/bedarfe');
  await openAll(page, testInfo, [await firstLink(page, /^\/intern\/bedarfe\/\d+$/)]);
  await open(page, testInfo, '/intern/gebiete/nordmarkt/umsetzung');
  await openAll(page, testInfo, [await firstLink(page, /^\/intern\/gebiete\/nordmarkt\/umsetzung\/[^/?#]+$/)]);

  // Forms sent with what the server refuses.
  await open(page, testInfo, '/intern/termine/neu');
  await page.getByLabel('Gebiet', { exact: true }).selectOption({ label: 'Hafen' });
  await page.getByLabel(/^Titel /).fill(' ');
  await page.getByLabel(/^Datum /).fill('2031-03-04');
  await page.getByLabel(/^Beginn /).fill('18:00');
  await page.getByLabel(/^Ende /).fill('19:00');
  await page.getByLabel(/^Ort /).fill('Depot');
  await page.getByRole('button', { name: 'Termin speichern' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await checkPage(page, testInfo);

  await open(page, testInfo, '/intern/akteure/neu');
  await page.getByLabel(/^Name der Organisation/).fill(' ');
  await page.getByRole('button', { name: 'Organisation anlegen' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await checkPage(page, testInfo);
  await logout(page, testInfo);
});

test('every page of the Projektbüro', async ({ page }, testInfo) => {
  testInfo.setTimeout(180_000);
  await login(page, testInfo, OFFICE);
  await openAll(page, testInfo, [
    '/intern', '/intern/ueberblick', '/intern/ueberblick?bezirk=Innenstadt-Nord', '/intern/sachstand',
    '/intern/sachstand?datum=2026-12-07', '/intern/sachstand?datum=2025-12-09&stand=2025-11-30',
    '/intern/sachstand?datum=2025-12-09&stand=2099-01-01', '/intern/benutzer', '/intern/gebiete/neu', '/intern/datenschutz',
    '/intern/datenschutz?suche=niemand%40example.org', '/intern/zweiter-faktor', '/intern/gebiete/westerfilde-bodelschwingh',
    '/intern/gebiete/nordmarkt/umsetzung', '/intern/barrierefreiheit', '/intern/barrierefreiheit/meldung/999',
    '/intern/verarbeitungsverzeichnis',
  ]);
  await open(page, testInfo, '/intern/barrierefreiheit');
  await openAll(page, testInfo, [await firstLink(page, /^\/intern\/barrierefreiheit\/meldung\/\d+$/)]);
  await open(page, testInfo, '/intern/benutzer');
  await openAll(page, testInfo, [await firstLink(page, /^\/intern\/benutzer\/\d+$/)]);

  await open(page, testInfo, '/intern/gebiete/neu');
  await page.getByLabel(/^Kurzadresse/).fill('Nicht gültig');
  await page.getByLabel(/^Name/).fill(' ');
  await page.getByLabel(/^Sozialraum/).fill(' ');
  await page.getByLabel(/^Gültig ab/).fill('2027-01-01');
  await page.getByLabel(/^Beschluss oder Anlass/).fill(' ');
  await page.getByRole('button', { name: 'Gebiet aufnehmen' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await checkPage(page, testInfo);
  await logout(page, testInfo);
});
