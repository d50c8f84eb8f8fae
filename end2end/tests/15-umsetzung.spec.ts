import { expect, test } from '@playwright/test';
import { COORDINATOR, OFFICE, login, logout, open, settle } from './helpers';

// Builds on 14-programme: Nordmarkt's programme is published with "Beratungsstelle
// Wiedereinstieg" (12.000 € Projektmittel) and "Ausbildungsbörse Nordmarkt".

test('a coordinator records the Umsetzung of a published measure and everybody sees it', async ({ page }, testInfo) => {
  await login(page, testInfo, COORDINATOR);
  await open(page, testInfo, '/intern/gebiete/nordmarkt/umsetzung');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Umsetzung der Maßnahmen: Nordmarkt');
  const card = page.getByRole('region', { name: 'Beratungsstelle Wiedereinstieg' });
  await expect(card).toContainText('noch nie');
  await card.getByRole('link', { name: /Stand aktualisieren und Verlauf/ }).click();
  await settle(page, testInfo);

  // A first try with a mistyped progress is refused and keeps what was typed.
  await page.getByLabel('Stand', { exact: true }).selectOption({ label: 'in Umsetzung' });
  await page.getByLabel('Fortschritt in Prozent (0 bis 100)').fill('140');
  await page.getByLabel('Begonnen am').fill('2023-03-01');
  await page.getByRole('group', { name: 'Bisher ausgegeben (Euro)' }).getByLabel('Projektmittel').fill('3.000');
  await page.getByLabel('Meilenstein 1: Datum').fill('2023-04-15');
  await page.getByLabel('Meilenstein 1: Bezeichnung').fill('Erste Sprechstunde');
  await page.getByLabel('Meilenstein 1: erreicht').check();
  await page.getByLabel('Meilenstein 2: Datum').fill('2030-09-01');
  await page.getByLabel('Meilenstein 2: Bezeichnung').fill('Zweiter Standort');
  await page.getByLabel('Was hat sich geändert?').fill('Die Beratung hat begonnen.');
  await page.getByRole('button', { name: 'Stand speichern' }).click();
  await expect(page.getByRole('alert')).toContainText('ganze Zahl von 0 bis 100');
  await expect(page.getByLabel('Meilenstein 2: Bezeichnung')).toHaveValue('Zweiter Standort');
  await settle(page, testInfo);
  await page.getByLabel('Fortschritt in Prozent (0 bis 100)').fill('40');
  await page.getByRole('button', { name: 'Stand speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'gespeichert' })).toContainText('Der Stand der Umsetzung ist gespeichert.');
  await expect(page.locator('main')).toContainText('Die Beratung hat begonnen.');
  await settle(page, testInfo);
  await logout(page, testInfo);

  // The public programme page shows state, progress, next milestone and the date – no names.
  await open(page, testInfo, '/gebiete/nordmarkt/programm');
  const measure = page.locator('article.measure').filter({ hasText: 'Beratungsstelle Wiedereinstieg' });
  await expect(measure.locator('.implementation-facts')).toContainText('Umsetzung: in Umsetzung · 40 % erreicht');
  await expect(measure.locator('.implementation-facts')).toContainText('Nächster Meilenstein: Zweiter Standort (geplant für 01.09.2030)');
  await expect(measure.locator('.implementation-facts')).toContainText('zuletzt aktualisiert am');
  await expect(page.locator('article.measure').filter({ hasText: 'Ausbildungsbörse Nordmarkt' })).toContainText('Umsetzung: noch keine Angaben');
  await expect(page.locator('main')).not.toContainText(COORDINATOR.name);
  await expect(page.locator('main')).not.toContainText('Die Beratung hat begonnen.');

  // The city-wide list, filtered by state without JavaScript, with the money.
  await page.getByRole('link', { name: 'Umsetzung der Programme' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Umsetzung der Aktionsprogramme');
  await settle(page, testInfo);
  await page.getByLabel('Stand', { exact: true }).selectOption({ label: 'in Umsetzung' });
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page).toHaveURL(/stand=in-umsetzung/);
  await expect(page.getByRole('status').filter({ hasText: 'Maßnahme' })).toContainText('1 Maßnahme: 1 in Umsetzung');
  const rows = page.getByRole('table', { name: 'Maßnahmen' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Beratungsstelle Wiedereinstieg');
  await expect(rows.first()).toContainText('40 %');
  const money = page.getByRole('table', { name: 'Geld: geplant und ausgegeben nach Finanzierung' });
  await expect(money.getByRole('row', { name: /^Projektmittel/ })).toContainText('12.000');
  await expect(money.getByRole('row', { name: /^Projektmittel/ })).toContainText('3.000');
  await settle(page, testInfo);
  await rows.first().getByRole('link', { name: 'Beratungsstelle Wiedereinstieg' }).click();
  // The measure's id comes from the editor (hydrated) or the saved JSON (without JavaScript).
  await expect(page).toHaveURL(/\/gebiete\/nordmarkt\/programm#massnahme-m-/);
  // (Hydrated, the router moves without a real fragment navigation: no `:target`.)
  const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
  await expect(page.locator(`article.measure[id="${anchor}"]`)).toContainText('Beratungsstelle Wiedereinstieg');

  // The same as open data.
  const json = await (await page.request.get('/offene-daten/umsetzung.json')).json();
  const open_data = json.umsetzung.find((m: { titel: string }) => m.titel === 'Beratungsstelle Wiedereinstieg');
  expect(open_data.stand).toBe('in-umsetzung');
  expect(open_data.ausgegeben.projektmittel_cent).toBe(300_000);
  expect(JSON.stringify(json)).not.toContain(COORDINATOR.name);
});

test('a stakeholder follows the link on the receipt, in Arabic and in German', async ({ page }, testInfo) => {
  await open(page, testInfo, '/bedarf/nordmarkt?sprache=ar');
  await page.getByRole('radio', { name: /التماسك الاجتماعي/ }).check();
  await page.getByLabel(/^ما الذي تحتاجونه/).fill('ملعب للأطفال');
  await page.getByLabel(/^الوصف/).fill('الملعب القديم مكسور منذ سنة.');
  await page.waitForTimeout(3_500);
  await page.getByRole('button', { name: 'إرسال الاحتياج' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('شكرًا جزيلًا! تم حفظ بلاغكم.');
  await expect(page.locator('.tracking-url')).toHaveText(/\/verfolgen\/[0-9a-f]{48}$/);
  await settle(page, testInfo);
  await page.getByRole('link', { name: 'ماذا حدث لاحتياجي؟' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ماذا حدث لاحتياجكم؟');
  const trail = page.locator('.public-form');
  await expect(trail).toHaveAttribute('dir', 'rtl');
  await expect(trail).toContainText('ملعب للأطفال');
  await expect(page.locator('ol.trail > li')).toHaveCount(2);
  await expect(page.locator('ol.trail > li').nth(1)).toHaveText('لم يقم منسّقو المنطقة بتصنيف بلاغكم بعد. قد يستغرق ذلك بضعة أسابيع.');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await settle(page, testInfo);

  await page.getByRole('navigation', { name: 'اللغة' }).getByRole('link', { name: 'Deutsch' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Was ist aus Ihrem Bedarf geworden?');
  await expect(page.locator('.public-form')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('ol.trail > li').first()).toContainText('Eingegangen am');
  await expect(page.locator('main')).toContainText('noch nicht eingeordnet');

  // A mistyped link says so calmly.
  const wrong = await page.request.get('/verfolgen/falsch');
  expect(wrong.status()).toBe(404);
  await open(page, testInfo, '/verfolgen/falsch?sprache=de');
  await expect(page.getByRole('status')).toHaveText('Diese Meldung wurde nicht gefunden. Vielleicht wurde der Link falsch kopiert.');
});

test('the Projektbüro reads the overview of all areas, each chart with its table', async ({ page }, testInfo) => {
  await login(page, testInfo, OFFICE);
  await open(page, testInfo, '/intern');
  await page.getByRole('link', { name: 'Überblick über alle Gebiete' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Überblick über alle Gebiete');
  await settle(page, testInfo);
  await expect(page.getByRole('status').filter({ hasText: 'Gebiete' })).toHaveText('Alle 15 Gebiete');
  // Charts are pictures for the eye; their numbers stand in tables with headers.
  await expect(page.locator('figure.chart svg[aria-hidden="true"]').first()).toBeVisible();
  const programmes = page.getByRole('table', { name: 'Stand der Aktionsprogramme je Gebiet' });
  // Published as version 2 (hydrated, a later draft follows it).
  await expect(programmes.getByRole('row', { name: /^Nordmarkt/ }).getByRole('cell').last()).toHaveText('2');
  const measures = page.getByRole('table', { name: 'Maßnahmen nach Stand der Umsetzung je Gebiet' });
  await expect(measures.getByRole('columnheader')).toHaveText(['Gebiet', 'geplant', 'in Umsetzung', 'umgesetzt', 'zurückgestellt', 'entfallen']);
  await expect(measures.getByRole('row', { name: /^Nordmarkt/ }).getByRole('cell')).toHaveText(['1', '1', '0', '0', '0']);
  const money = page.getByRole('table', { name: 'Geplant und ausgegeben nach Finanzierung' });
  await expect(money.getByRole('row', { name: /^Projektmittel/ })).toContainText('3.000');
  await expect(money.getByRole('row', { name: /^Projektmittel/ })).toContainText('226.000');

  // One Stadtbezirk, by a plain form.
  await page.getByLabel('Stadtbezirk', { exact: true }).selectOption({ label: 'Innenstadt-Nord' });
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page).toHaveURL(/bezirk=Innenstadt-Nord/);
  await expect(page.getByRole('status').filter({ hasText: 'Gebiete' })).toContainText('Stadtbezirk Innenstadt-Nord');
  await expect(programmes.getByRole('row', { name: /^Nordmarkt/ })).toBeVisible();
  await expect(programmes.getByRole('row', { name: /^Dorstfeld/ })).toHaveCount(0);
  await settle(page, testInfo);
  await logout(page, testInfo);
});
