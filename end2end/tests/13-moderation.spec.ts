import { expect, Page, test, TestInfo } from '@playwright/test';
import * as fs from 'fs';
import { COORDINATOR, login, logout, open, settle } from './helpers';

// Three stakeholders report needs in Hafen: two say the same in other words, one is an ad.
async function report(page: Page, testInfo: TestInfo, field: RegExp, title: string, description: string) {
  await open(page, testInfo, '/bedarf/hafen');
  await page.getByRole('radio', { name: field }).check();
  await page.getByLabel(/^Was wird gebraucht/).fill(title);
  await page.getByLabel(/^Beschreibung/).fill(description);
  await page.waitForTimeout(3_200);
  await page.getByRole('button', { name: 'Bedarf absenden' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vielen Dank! Ihre Meldung ist gespeichert.');
}

async function openNeed(page: Page, testInfo: TestInfo, title: string) {
  await open(page, testInfo, '/intern/bedarfe?gebiet=hafen&status=neu');
  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await settle(page, testInfo);
}

test('a coordinator accepts, merges and rejects submissions and exports the catalogue', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const run = testInfo.project.name === 'hydriert' ? 'A' : 'B';
  const first = `Hausaufgabenhilfe für Grundschulkinder ${run}`;
  const second = `Grundschulkinder brauchen Hausaufgabenhilfe ${run}`;
  const advert = `Werbung für meinen Kiosk ${run}`;
  await report(page, testInfo, /Sozialen Zusammenhalt/, first, 'Viele Kinder machen ihre Hausaufgaben allein; es fehlt ein ruhiger Ort mit Hilfe.');
  await report(page, testInfo, /Eltern und Kinder/, second, 'Nach der Schule gibt es keine Hausaufgabenhilfe im Viertel.');
  await report(page, testInfo, /Arbeit und Beschäftigung/, advert, 'Bitte verlinken Sie meinen Kiosk.');

  await login(page, testInfo, COORDINATOR);
  await page.getByRole('link', { name: 'Bedarfe', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bedarfe');
  await settle(page, testInfo);

  // Accept the first with a better title and the right Handlungsfeld; the original stays.
  await openNeed(page, testInfo, first);
  const corrected = `Hausaufgabenhilfe für Grundschüler – Übergänge ${run}`;
  const accept = page.locator('form[aria-labelledby="annehmen"]');
  await accept.getByLabel(/^Titel/).fill(corrected);
  await accept.getByLabel('Handlungsfeld').selectOption({ label: '2 Eltern und Kinder stärken – Kinderarmut bekämpfen' });
  await accept.getByRole('button', { name: 'Bedarf annehmen' }).click();
  await expect(page.getByRole('status')).toContainText('Der Bedarf ist angenommen');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(corrected);
  await expect(page.locator('.original')).toContainText(first);
  await expect(page.locator('.original')).toContainText('3 Sozialen Zusammenhalt im Quartier stärken');
  await settle(page, testInfo);

  // The second is suggested as a duplicate of the first and merged into it.
  await openNeed(page, testInfo, second);
  const merge = page.locator('form[aria-labelledby="zusammenfuehren"]');
  await merge.getByRole('radio', { name: new RegExp(corrected) }).check();
  await merge.getByRole('button', { name: 'Zusammenführen' }).click();
  await expect(page.getByRole('status')).toContainText('Die Meldung ist zusammengeführt');
  await page.getByRole('link', { name: corrected }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(corrected);
  await expect(page.locator('main')).toContainText('2-mal genannt');
  await expect(page.locator('main')).toContainText(second);
  await settle(page, testInfo);

  // The ad is rejected; a reason is required.
  await openNeed(page, testInfo, advert);
  const reject = page.locator('form[aria-labelledby="ablehnen"]');
  await reject.getByLabel(/^Begründung/).fill(' ');
  await reject.getByRole('button', { name: 'Bedarf ablehnen' }).click();
  await expect(page.getByRole('alert')).toContainText('warum der Bedarf abgelehnt wird');
  await settle(page, testInfo);
  await page.locator('form[aria-labelledby="ablehnen"]').getByLabel(/^Begründung/).fill('Werbung, kein Bedarf im Quartier.');
  await page.locator('form[aria-labelledby="ablehnen"]').getByRole('button', { name: 'Bedarf ablehnen' }).click();
  await expect(page.getByRole('status')).toContainText('Der Bedarf ist abgelehnt');
  await expect(page.locator('main')).toContainText('Werbung, kein Bedarf im Quartier.');
  await settle(page, testInfo);

  // Every step can be undone: the rejection is taken back and done again.
  await page.getByRole('button', { name: 'Letzten Schritt rückgängig machen' }).click();
  await expect(page.getByRole('status')).toContainText('rückgängig gemacht');
  await expect(page.locator('p').filter({ hasText: 'Neu – zu prüfen' }).first()).toBeVisible();
  await settle(page, testInfo);
  await page.locator('form[aria-labelledby="ablehnen"]').getByLabel(/^Begründung/).fill('Werbung, kein Bedarf im Quartier.');
  await page.locator('form[aria-labelledby="ablehnen"]').getByRole('button', { name: 'Bedarf ablehnen' }).click();
  await expect(page.getByRole('status')).toContainText('Der Bedarf ist abgelehnt');
  await settle(page, testInfo);

  // The catalogue filtered to accepted needs finds it by another word form and exports it.
  await open(page, testInfo, '/intern/bedarfe');
  await page.getByLabel('Suche').fill('Grundschüler Übergang');
  await page.getByLabel('Gebiet').selectOption({ label: 'Hafen' });
  await page.getByLabel('Status').selectOption({ label: 'Angenommen' });
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page.getByRole('status')).toHaveText('1 Bedarf passt zu diesem Filter.');
  await expect(page.getByRole('link', { name: corrected })).toBeVisible();
  await settle(page, testInfo);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Als CSV herunterladen (Excel)' }).click(),
  ]);
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.subarray(3).toString('utf-8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('Kennung;Gebiet;Handlungsfeld;Titel;Beschreibung;Herkunft;Organisation;Status;Nennungen;Genannt am;Adresse im Aktionsplan');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`;Hafen;2 Eltern und Kinder stärken – Kinderarmut bekämpfen;${corrected};`);
  expect(lines[1]).toContain(';Formular;;Angenommen;2;');
  expect(csv).not.toContain(advert);
  await logout(page, testInfo);
});
