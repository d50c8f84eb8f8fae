import { expect, test } from '@playwright/test';
import { OFFICE, atPath, login, logout, nextCode, open, settle } from './helpers';

const LINKED = { name: 'Lena Link', email: 'lena@stadt.example', password: 'Lena setzt ihr eigenes Passwort' };

test('an account without password gets a one-time link; locking ends its sessions', async ({ browser, page }, testInfo) => {
  await login(page, testInfo, OFFICE);
  await open(page, testInfo, '/intern/benutzer');
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Konto anlegen' }) });
  await form.getByLabel('Name').fill(LINKED.name);
  await form.getByLabel('E-Mail-Adresse').fill(LINKED.email);
  await form.getByRole('checkbox', { name: /^Nette/ }).check();
  await form.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.getByRole('status')).toContainText('Das Konto ist angelegt');
  const link = await page.getByLabel('Einmal-Link zum Festlegen des Passworts').inputValue();
  expect(link).toMatch(/\/passwort\?token=[A-Za-z0-9_-]{43}$/);
  // The link itself never travels in an address (history, proxy logs), only a key for the note.
  expect(page.url()).not.toContain('token');
  const accountUrl = page.url().split('?')[0];

  // Lena opens the link in her own browser and sets her password.
  const lenaContext = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: testInfo.project.use.javaScriptEnabled,
    locale: 'de-DE',
  });
  const lena = await lenaContext.newPage();
  const target = new URL(link);
  await lena.goto(target.pathname + target.search);
  await settle(lena, testInfo);
  await lena.getByLabel('Neues Passwort').fill(LINKED.password);
  await lena.getByLabel('Passwort wiederholen').fill(LINKED.password);
  await lena.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(lena).toHaveURL(atPath('/intern'));
  await expect(lena.getByRole('heading', { name: 'Meine Aktionsräume' })).toBeVisible();
  await expect(lena.locator('main .area-groups a')).toHaveText(['Nette']);

  // The Projektbüro locks the account: Lena's next request finds her logged out.
  await open(page, testInfo, new URL(accountUrl).pathname);
  // Locking gives control over an account: it asks for a current code of the app (step-up).
  await page.getByRole('button', { name: 'Konto sperren' }).click();
  await expect(page.getByRole('alert')).toContainText('aktuellen Code aus Ihrer App');
  await settle(page, testInfo);
  await page.locator('#feld-sperren-step_up_code').fill(await nextCode(testInfo));
  await page.getByRole('button', { name: 'Konto sperren' }).click();
  await expect(page.getByRole('status')).toContainText('Das Konto ist gesperrt');
  await lena.goto('/intern');
  await expect(lena).toHaveURL(/\/anmelden\?weiter=/);
  await lenaContext.close();
  await logout(page, testInfo);
});
