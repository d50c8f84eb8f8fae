import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { COORDINATOR, OFFICE, login, logout, open, settle } from './helpers';
import { checkPage } from './checks';

// Builds on 14 and 15: Nordmarkt's programme is published with two measures, one of them in
// Umsetzung.

/** The day `offset` days from today in Dortmund, as a date input wants it and as Germans write it. */
function day(offset: number): { iso: string; de: string } {
  const berlin = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
  const date = new Date(`${berlin}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  const iso = date.toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  return { iso, de: `${d}.${m}.${y}` };
}

test('the Projektbüro writes the outlook and downloads the Sachstandsbericht as a PDF', async ({ page }, testInfo) => {
  // The next committee meeting is tomorrow: the report shows today's figures.
  const meeting = day(1);
  await login(page, testInfo, OFFICE);
  await open(page, testInfo, '/intern');
  await page.getByRole('link', { name: 'Sachstandsbericht' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sachstandsbericht Aktionsplan Soziale Stadt');
  await settle(page, testInfo);

  // For a chosen meeting, by a plain form.
  await page.getByLabel('Sitzung am').fill(meeting.iso);
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page).toHaveURL(new RegExp(`datum=${meeting.iso}`));
  await expect(page.locator('p.lead')).toContainText(`Sitzung des Ausschusses für Soziales, Arbeit und Gesundheit am ${meeting.de} · Datenstand ${day(0).de}`);
  await expect(page.getByRole('heading', { level: 2 })).toContainText([
    '1. Der Aktionsplan Soziale Stadt',
    '2. Gebiete und Beschlüsse',
    '3. Akteursgespräche und Aktionsprogramme',
    '4. Maßnahmen und ihre Umsetzung',
    '5. Geld',
    '6. Wie geht es weiter?',
  ]);
  const areas = page.getByRole('table', { name: 'Gebiete', exact: true });
  await expect(areas.getByRole('rowheader')).toHaveCount(15);
  const measures = page.getByRole('table', { name: 'Maßnahmen je Gebiet nach Stand der Umsetzung' });
  await expect(measures.getByRole('columnheader')).toHaveText(['Gebiet', 'geplant', 'in Umsetzung', 'umgesetzt', 'zurückgestellt', 'entfallen']);
  await expect(measures.getByRole('row', { name: /^Nordmarkt/ }).getByRole('cell')).toHaveText(['1', '1', '0', '0', '0']);
  await expect(page.getByRole('table', { name: 'Geld nach Quelle' }).getByRole('row', { name: /^Projektmittel/ })).toContainText('226.000');

  // The figures of yesterday, before Nordmarkt's programme was published (spec 14, today).
  await settle(page, testInfo);
  await page.getByLabel('Datenstand vom').fill(day(-1).iso);
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page).toHaveURL(new RegExp(`stand=${day(-1).iso}`));
  await expect(page.getByText(`Datenstand: Ende des ${day(-1).de}.`)).toBeVisible();
  const measuresThen = page.getByRole('table', { name: 'Maßnahmen je Gebiet nach Stand der Umsetzung' });
  await expect(measuresThen.getByRole('row', { name: /^Nordmarkt/ })).toHaveCount(0);
  await expect(measuresThen.getByRole('row', { name: /^Zusammen/ }).getByRole('cell')).toHaveText(['0', '0', '0', '0', '0']);
  // A day still to come is refused at the field.
  await settle(page, testInfo);
  await page.getByLabel('Datenstand vom').fill(day(2).iso);
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page.getByText('Der Datenstand kann nicht in der Zukunft liegen').first()).toBeVisible();
  await expect(page.getByLabel('Datenstand vom')).toHaveAttribute('aria-invalid', 'true');
  await checkPage(page, testInfo);
  await open(page, testInfo, `/intern/sachstand?datum=${meeting.iso}`);

  // The outlook: refused when too long (typed text kept), then saved.
  const outlook = `Im Frühjahr schreiben die Gebiete ihre Programme fort (${testInfo.project.name}).`;
  const field = page.getByLabel('Wie geht es weiter?');
  await field.fill('x'.repeat(6001));
  await page.getByRole('button', { name: 'Ausblick speichern' }).click();
  await expect(page.getByText('Der Ausblick darf höchstens 6000 Zeichen lang sein').first()).toBeVisible();
  await settle(page, testInfo);
  await page.getByLabel('Wie geht es weiter?').fill(outlook);
  await page.getByRole('button', { name: 'Ausblick speichern' }).click();
  await expect(page.getByText('Der Ausblick ist gespeichert.')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`datum=${meeting.iso}`));
  await expect(page.locator('section.report-section').last()).toContainText(outlook);
  await settle(page, testInfo);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Als PDF herunterladen' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`sachstandsbericht-${meeting.iso}.pdf`);
  const file = (await download.path())!;
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf-8' });
  expect(info).toContain(`Sachstandsbericht Aktionsplan Soziale Stadt – Sitzung am ${meeting.de}`);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  expect(pages).toBeGreaterThanOrEqual(2);
  // Tagged (PDF/UA-1): the structure tree names the sections and the tables' header cells.
  expect(info).toMatch(/Tagged:\s+yes/);
  const structure = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf-8' });
  expect(structure).toContain('"6. Wie geht es weiter?"');
  expect(structure).toMatch(/TH:\s*\n\s*\/Scope \/Column\s*\n\s*"Gebiet"/);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf-8' });
  for (const expected of [
    'Sachstandsbericht',
    `Sitzung am ${meeting.de}`,
    '4. Maßnahmen und ihre Umsetzung',
    'Nordmarkt',
    '6. Wie geht es weiter?',
    outlook,
    `Seite ${pages} von ${pages}`,
  ]) {
    expect(text).toContain(expected);
  }
  await logout(page, testInfo);
});

test('coordinators cannot open the Sachstandsbericht', async ({ page }, testInfo) => {
  await login(page, testInfo, COORDINATOR);
  await open(page, testInfo, '/intern/sachstand');
  await expect(page.getByText('fehlt Ihnen die Berechtigung', { exact: false }).first()).toBeVisible();
  const response = await page.request.get('/intern/sachstand/sachstandsbericht.pdf');
  expect(response.status()).toBe(403);
  await logout(page, testInfo);
});
