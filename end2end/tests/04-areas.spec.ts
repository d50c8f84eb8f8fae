import { expect, test } from '@playwright/test';
import { OFFICE, login, logout, open, settle } from './helpers';

test('a change of kind is recorded with date and decision and shown on the public page', async ({ page }, testInfo) => {
  await login(page, testInfo, OFFICE);
  await open(page, testInfo, '/intern/gebiete/hoerde');
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Änderung speichern' }) });
  await form.getByLabel('Art').selectOption({ label: 'Aktionsquartier' });
  await form.getByLabel('Gültig ab').fill('2022-06-14');
  await form.getByLabel('Beschluss oder Anlass').fill('ASAG 14.06.2022, Drucksache Nr. 24001-22');
  await form.getByRole('button', { name: 'Änderung speichern' }).click();
  await expect(page.getByRole('status')).toContainText('Die Änderung ist gespeichert');
  await settle(page, testInfo);

  await open(page, testInfo, '/gebiete/hoerde');
  await expect(page.locator('dl.facts')).toContainText('Aktionsquartier');
  const history = page.locator('ol.history');
  await expect(history).toContainText('14.06.2022');
  await expect(history).toContainText('Vom Aktionsraum in ein Aktionsquartier übergeleitet');
  await expect(history).toContainText('Drucksache Nr. 24001-22');
  await logout(page, testInfo);
});
