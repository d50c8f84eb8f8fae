import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { checkPage } from './checks';
import { OFFICE, login, logout, open, settle } from './helpers';

test('a visitor reports a barrier from the footer, and the Projektbüro answers it', async ({ page }, testInfo) => {
  testInfo.setTimeout(120_000);
  await open(page, testInfo, '/gebiete/hafen');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Barriere melden' }).click();
  await settle(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Erklärung zur Barrierefreiheit');
  await expect(page.locator('main')).toContainText('nur teilweise vereinbar');
  await expect(page.locator('ul.known-gaps > li').first()).toContainText('Gebärdensprache');
  await expect(page.getByRole('link', { name: /Ombudsstelle für barrierefreie Informationstechnik/ }))
    .toHaveAttribute('href', 'https://www.lbbp.nrw.de/ombudsstelle');
  // The footer's link named the page it came from.
  await expect(page.getByLabel(/^Auf welcher Seite/)).toHaveValue('/gebiete/hafen');

  // Contact data needs the consent; what was typed stays.
  const description = 'Die Liste der Termine lässt sich mit der Bildschirmlupe kaum lesen.';
  await page.getByLabel(/^Was hat nicht funktioniert/).fill(description);
  await page.getByLabel('Ihre E-Mail-Adresse').fill('alex@example.org');
  await page.waitForTimeout(3_500);
  await page.getByRole('button', { name: 'Meldung absenden' }).click();
  await expect(page.getByRole('alert')).toContainText('bestätigen Sie bitte die Einwilligung');
  await expect(page.getByLabel(/^Was hat nicht funktioniert/)).toHaveValue(description);
  await checkPage(page, testInfo);
  await settle(page, testInfo);
  await page.getByLabel(/^Ich bin einverstanden/).check();
  await page.waitForTimeout(3_500);
  await page.getByRole('button', { name: 'Meldung absenden' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vielen Dank! Ihre Meldung ist angekommen.');
  await expect(page.locator('.reference strong')).toHaveText(/^R-\d{4}-\d{4}$/);
  const reference = (await page.locator('.reference strong').textContent())!.trim();
  await expect(page.locator('dl.facts')).toContainText('Antwort spätestens am');
  await expect(page.locator('main')).toContainText('antwortet Ihnen per E-Mail');
  await checkPage(page, testInfo);

  // The Projektbüro sees it waiting, refuses "beantwortet" without an answer, then answers.
  await login(page, testInfo, OFFICE);
  await expect(page.getByRole('status').filter({ hasText: 'gemeldete Barriere' })).toHaveText(/Eine gemeldete Barriere wartet auf Antwort\./);
  await page.getByRole('link', { name: 'Zu den Meldungen' }).click();
  await settle(page, testInfo);
  const row = page.getByRole('table', { name: /Offene Meldungen/ }).getByRole('row').filter({ hasText: reference });
  await expect(row).toContainText('Antwort fällig am');
  await expect(row).toContainText('/gebiete/hafen');
  await row.getByRole('link', { name: reference }).click();
  await settle(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Meldung ${reference}`);
  await expect(page.locator('dl.facts')).toContainText('alex@example.org');
  await expect(page.locator('.user-text')).toHaveText(description);
  await page.getByLabel('Stand').selectOption({ label: 'beantwortet' });
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('alert')).toContainText('Bitte schreiben Sie die Antwort auf');
  await checkPage(page, testInfo);
  await settle(page, testInfo);
  await page.getByLabel('Stand').selectOption({ label: 'beantwortet' });
  await page.getByLabel('Antwort an die meldende Person').fill('Danke! Die Schrift der Terminliste ist jetzt größer.');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('status')).toContainText('Die Rückmeldung ist gespeichert.');
  await expect(page.locator('dl.facts')).toContainText(/beantwortet am .* von Petra Projektbüro/);
  await expect(page.getByRole('link', { name: 'Antwort per E-Mail schreiben' }))
    .toHaveAttribute('href', /^mailto:alex@example\.org\?subject=Ihre%20Meldung%20R-/);
  await settle(page, testInfo);
  await open(page, testInfo, '/intern/barrierefreiheit');
  await expect(page.getByRole('table', { name: /Beantwortete Meldungen/ })).toContainText(reference);
  await expect(page.getByText('Keine offenen Meldungen.')).toBeVisible();

  // The statement's facts are the Projektbüro's to keep.
  const gaps = page.getByLabel('Nicht barrierefreie Inhalte');
  const before = await gaps.inputValue();
  await gaps.fill(`${before}\n\nDie Diagramme im Überblick haben ihre Zahlen nur als Tabelle darunter. Alternative: die Tabelle.`);
  await page.getByLabel('Zuletzt geprüft am').fill('2026-12-01');
  await page.getByRole('button', { name: 'Erklärung speichern' }).click();
  await expect(page.getByRole('status')).toContainText('Die Erklärung zur Barrierefreiheit ist gespeichert');
  await settle(page, testInfo);
  await logout(page, testInfo);
  await open(page, testInfo, '/barrierefreiheit');
  await expect(page.locator('ul.known-gaps > li').last()).toContainText('Die Diagramme im Überblick');
  await expect(page.locator('main')).toContainText('Die Website wurde zuletzt am 01.12.2026 geprüft.');
});

test('the start page leads to Leichte Sprache', async ({ page }, testInfo) => {
  await open(page, testInfo, '/');
  await page.getByRole('link', { name: 'Informationen in Leichter Sprache' }).click();
  await settle(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leichte Sprache');
  await expect(page.getByRole('heading', { name: 'Was ist der Aktions·plan Soziale Stadt?' })).toBeVisible();
  await expect(page.locator('main')).toContainText('Die Internet·seite ist noch nicht ganz barriere·frei.');
  await expect(page.getByRole('link', { name: 'Zum Formular: Barriere melden' })).toHaveAttribute('href', '/barrierefreiheit#rueckmeldung');
  await checkPage(page, testInfo);
});

test('the Projektbüro reads the Verzeichnis von Verarbeitungstätigkeiten and downloads it', async ({ page }, testInfo) => {
  testInfo.setTimeout(90_000);
  await login(page, testInfo, OFFICE);
  await open(page, testInfo, '/intern/datenschutz');
  await page.getByRole('link', { name: /Verzeichnis von Verarbeitungstätigkeiten/ }).click();
  await settle(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verzeichnis von Verarbeitungstätigkeiten');
  const needs = page.locator('section.processing-activity').filter({ has: page.getByRole('heading', { name: /Bedarfsformular/ }) });
  // The erasure period is the server's setting (12 months by default).
  await expect(needs).toContainText('12 Monate nach der Freigabe des Aktionsprogramms');
  await expect(page.locator('main')).toContainText('Derzeit ist kein Mailserver eingerichtet');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Als Markdown herunterladen' }).click();
  const file = await (await download).path();
  const markdown = readFileSync(file, 'utf8');
  expect(markdown).toMatch(/^# Verzeichnis von Verarbeitungstätigkeiten \(Art\. 30 DSGVO\)/);
  expect(markdown).toContain('## 6. Rückmeldungen zur Barrierefreiheit');
  expect(markdown).toContain('12 Monate nach der Antwort');
  await logout(page, testInfo);
});
