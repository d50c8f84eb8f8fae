import * as fs from 'fs';
import { expect, test } from '@playwright/test';
import { COORDINATOR, OFFICE, login, logout, nextCode, open, settle } from './helpers';

// A small phone: the form must work at 320 px without sideways scrolling.
test.use({ viewport: { width: 320, height: 740 } });

test('a stakeholder reports a need on a phone, and the area staff see it', async ({ page }, testInfo) => {
  await open(page, testInfo, '/gebiete/hafen');
  await page.getByRole('link', { name: 'Bedarf melden' }).click();
  await settle(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Was braucht Hafen?');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

  // Nothing chosen, only blanks typed (the browser itself asks for empty required fields):
  // every problem is listed at the top, which takes the focus.
  await page.getByLabel(/^Was wird gebraucht/).fill(' ');
  await page.getByLabel(/^Beschreibung/).fill(' ');
  await page.getByRole('button', { name: 'Bedarf absenden' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Bitte prüfen Sie die markierten Eingaben');
  await expect(summary.getByRole('link')).toHaveText([
    'Bitte wählen Sie eines der drei Handlungsfelder.',
    'Bitte geben Sie kurz an, was gebraucht wird.',
    'Bitte beschreiben Sie den Bedarf in ein paar Sätzen.',
  ]);
  await expect(summary).toBeFocused();
  await settle(page, testInfo);

  // Name and e-mail without consent are refused; what was typed stays.
  await page.getByRole('radio', { name: /Sozialen Zusammenhalt/ }).check();
  await page.getByLabel(/^Was wird gebraucht/).fill('Treffpunkt für Ältere');
  await page.getByLabel(/^Beschreibung/).fill('Seit das Café am Hafen zu hat, fehlt ein Ort ohne Verzehrzwang.');
  await page.getByLabel('Ihr Name').fill('Anna Kaya');
  await page.getByLabel('Ihre E-Mail-Adresse').fill('anna.kaya@example.org');
  await page.getByRole('button', { name: 'Bedarf absenden' }).click();
  await expect(page.getByRole('alert')).toContainText('bestätigen Sie bitte die Einwilligung');
  await expect(page.getByLabel(/^Was wird gebraucht/)).toHaveValue('Treffpunkt für Ältere');
  await expect(page.getByRole('radio', { name: /Sozialen Zusammenhalt/ })).toBeChecked();
  await expect(page.getByLabel('Ihre E-Mail-Adresse')).toHaveValue('anna.kaya@example.org');
  await settle(page, testInfo);

  // A person needs more than three seconds for the form; then the receipt names the number.
  await page.getByRole('checkbox', { name: /Ich bin einverstanden/ }).check();
  await page.waitForTimeout(3_500);
  await page.getByRole('button', { name: 'Bedarf absenden' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vielen Dank! Ihre Meldung ist gespeichert.');
  await expect(page.locator('.reference')).toHaveText(/Ihre Nummer: B-\d{4}-\d{4,}/);
  await expect(page.locator('main')).toContainText('Treffpunkt für Ältere');
  await expect(page.locator('main')).toContainText('Bei Fragen melden wir uns');
  const reference = (await page.locator('.reference strong').textContent())!.trim();
  await settle(page, testInfo);

  // The coordinator of the area finds it with the contact data.
  await login(page, testInfo, COORDINATOR);
  await open(page, testInfo, '/intern/gebiete/hafen');
  const submission = page.locator('ul.submissions > li').filter({ hasText: reference });
  await expect(submission).toContainText('Treffpunkt für Ältere');
  await expect(submission).toContainText('HF 3');
  await expect(submission).toContainText('anna.kaya@example.org');
  await logout(page, testInfo);
});

test('a spoiled form key is replaced, so that sending again works', async ({ page }, testInfo) => {
  await open(page, testInfo, '/bedarf/nordmarkt');
  await page.getByRole('radio', { name: /Arbeit und Beschäftigung/ }).check();
  await page.getByLabel(/^Was wird gebraucht/).fill('Sprechstunde Jobcenter im Quartier');
  await page.getByLabel(/^Beschreibung/).fill('Der Weg in die Innenstadt ist für viele zu weit.');
  await page.locator('input[name="form_key"]').evaluate((input: HTMLInputElement) => { input.value = 'kaputt'; });
  await page.waitForTimeout(3_500);
  await page.getByRole('button', { name: 'Bedarf absenden' }).click();
  await expect(page.getByRole('alert')).toContainText('unvollständig angekommen');
  await expect(page.getByLabel(/^Was wird gebraucht/)).toHaveValue('Sprechstunde Jobcenter im Quartier');
  await settle(page, testInfo);
  await page.waitForTimeout(3_500);
  await page.getByRole('button', { name: 'Bedarf absenden' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vielen Dank! Ihre Meldung ist gespeichert.');
  await expect(page.locator('main')).toContainText('Sie haben keine Kontaktdaten angegeben');
});

test('the Projektbüro answers a request about an e-mail address and erases it', async ({ page }, testInfo) => {
  await login(page, testInfo, OFFICE);
  await page.getByRole('link', { name: 'Datenschutz-Anfragen' }).click();
  await settle(page, testInfo);
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('Anna.Kaya@example.org');
  await page.getByRole('button', { name: 'Suchen' }).click();
  await settle(page, testInfo);
  const table = page.getByRole('table', { name: 'Kontaktangaben aus Bedarfsmeldungen' });
  await expect(table).toContainText('Treffpunkt für Ältere');
  await expect(table).toContainText('Anna Kaya');
  // The file comes by POST: the address is not put into a URL (history, proxy logs).
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Auskunft als JSON herunterladen' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('auskunft.json');
  expect(download.url()).not.toContain('example.org');
  const report = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(report.submissions[0].name).toBe('Anna Kaya');

  await page.getByRole('button', { name: 'Alle diese Daten löschen' }).click();
  await expect(page.getByRole('alert')).toContainText('Bitte bestätigen Sie');
  await settle(page, testInfo);
  await page.getByLabel(/Ich habe die Anfrage geprüft/).check();
  await page.getByLabel('Aktueller Code aus Ihrer App').fill(await nextCode(testInfo));
  await page.getByRole('button', { name: 'Alle diese Daten löschen' }).click();
  await expect(page.getByRole('status')).toContainText('Gelöscht: Kontaktangaben aus 1 Bedarfsmeldung(en)');
  await settle(page, testInfo);
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('anna.kaya@example.org');
  await page.getByRole('button', { name: 'Suchen' }).click();
  await expect(page.getByText('Zu anna.kaya@example.org ist nichts gespeichert.')).toBeVisible();
  await settle(page, testInfo);
  await logout(page, testInfo);
});

test('a resident sends a need in Arabic on a phone, right to left', async ({ page }, testInfo) => {
  await open(page, testInfo, '/bedarf/hafen');
  const switcher = page.getByRole('navigation', { name: 'Sprache' });
  await expect(switcher.getByRole('link')).toHaveText(['Deutsch', 'English', 'Türkçe', 'العربية']);
  await switcher.getByRole('link', { name: 'العربية' }).click();
  await settle(page, testInfo);
  await expect(page).toHaveURL(/sprache=ar/);
  const form = page.locator('.public-form');
  await expect(form).toHaveAttribute('lang', 'ar');
  await expect(form).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ما الذي يحتاجه حيّ Hafen؟');
  await expect(page.getByRole('navigation', { name: 'اللغة' }).getByRole('link', { name: 'العربية' })).toHaveAttribute('aria-current', 'true');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

  // The errors come in Arabic too, at the top and at each field (an address the browser accepts
  // but the server does not, so that the server's check speaks).
  await page.getByLabel(/^ما الذي تحتاجونه/).fill(' ');
  await page.getByLabel(/^الوصف/).fill(' ');
  await page.getByLabel('عنوان بريدكم الإلكتروني').fill('name@beispiel');
  await page.getByRole('button', { name: 'إرسال الاحتياج' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('يُرجى مراجعة الحقول المُعلَّمة.');
  await expect(summary.getByRole('link')).toHaveText([
    'يُرجى اختيار أحد مجالات العمل الثلاثة.',
    'يُرجى كتابة ما تحتاجونه باختصار.',
    'يُرجى وصف الاحتياج في بضع جمل.',
    'هذا ليس عنوان بريد إلكتروني صالحًا. مثال: name@example.de',
    'إذا كتبتم الاسم أو البريد الإلكتروني، فيُرجى تأكيد الموافقة. أو اتركوا الحقلين فارغين.',
  ]);
  await expect(page.locator('#feld-title-fehler')).toHaveText('يُرجى كتابة ما تحتاجونه باختصار.');
  await expect(form).toHaveAttribute('dir', 'rtl');
  await settle(page, testInfo);

  await page.getByRole('radio', { name: /التماسك الاجتماعي/ }).check();
  await page.getByLabel(/^ما الذي تحتاجونه/).fill('مكان لقاء للنساء');
  await page.getByLabel(/^الوصف/).fill('لا يوجد في الحي مكان تلتقي فيه الأمهات مع أطفالهن الصغار.');
  await page.getByLabel('عنوان بريدكم الإلكتروني').fill('');
  await page.waitForTimeout(3_500);
  await page.getByRole('button', { name: 'إرسال الاحتياج' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('شكرًا جزيلًا! تم حفظ بلاغكم.');
  await expect(page.locator('.public-form')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('.reference strong')).toHaveText(/^B-\d{4}-\d{4,}$/);
  await expect(page.locator('main')).toContainText('مكان لقاء للنساء');
  await expect(page.locator('main')).toContainText('تقوية التماسك الاجتماعي في الحي');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  const reference = (await page.locator('.reference strong').textContent())!.trim();
  await settle(page, testInfo);

  // The receipt speaks the form's language and can be read in another one.
  await page.getByRole('navigation', { name: 'اللغة' }).getByRole('link', { name: 'Deutsch' }).click();
  await settle(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vielen Dank! Ihre Meldung ist gespeichert.');
  await expect(page.locator('.public-form')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('.reference strong')).toHaveText(reference);

  // The coordinator sees the submission as it was written, and in which language.
  await login(page, testInfo, COORDINATOR);
  await open(page, testInfo, '/intern/gebiete/hafen');
  const submission = page.locator('ul.submissions > li').filter({ hasText: reference });
  await expect(submission).toContainText('مكان لقاء للنساء');
  await expect(submission).toContainText('Formular auf Arabisch');
  await logout(page, testInfo);
});

test('switching the language keeps what was typed @braucht-js', async ({ page }, testInfo) => {
  await open(page, testInfo, '/bedarf/nordmarkt');
  await page.getByRole('radio', { name: /Eltern und Kinder/ }).check();
  await page.getByLabel(/^Was wird gebraucht/).fill('Hausaufgabenhilfe');
  await page.getByRole('link', { name: 'Türkçe' }).click();
  await expect(page).toHaveURL(/sprache=tr/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nordmarkt neye ihtiyaç duyuyor?');
  await expect(page.getByLabel(/^Neye ihtiyaç var/)).toHaveValue('Hausaufgabenhilfe');
  await expect(page.getByRole('radio', { name: /Ebeveynleri ve çocukları/ })).toBeChecked();
  await expect(page.locator('.public-form')).toHaveAttribute('lang', 'tr');
});

test('the link of a confirmation mail opens a page whose button confirms; an old link says so', async ({ page }, testInfo) => {
  // Mail scanners open links: the link only shows the page, the button (a plain form) confirms.
  await open(page, testInfo, '/bestaetigen/ein-alter-link?sprache=de');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('E-Mail-Adresse bestätigen');
  await page.getByRole('button', { name: 'Ja, ich möchte die Nachrichten bekommen' }).click();
  await expect(page.getByRole('status')).toContainText('Dieser Link gilt nicht mehr');
  await settle(page, testInfo);
  await open(page, testInfo, '/bestaetigen/ein-alter-link?sprache=tr');
  await expect(page.locator('.public-form')).toHaveAttribute('lang', 'tr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('E-posta adresinizi onaylayın');
});
