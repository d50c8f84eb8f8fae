import { expect, Page, TestInfo } from '@playwright/test';

export const OFFICE = { name: 'Petra Projektbüro', email: 'petra@stadt.example', password: 'Ein sicherer Satz für Dortmund' };
export const COORDINATOR = { name: 'Kai Nordstadt', email: 'kai@stadt.example', password: 'Kai mag den Borsigplatz sehr' };

export function port(testInfo: TestInfo): string {
  return testInfo.project.name === 'hydriert' ? '3101' : '3102';
}

export function hydrated(testInfo: TestInfo): boolean {
  return testInfo.project.name === 'hydriert';
}

/** Opens a page; in the hydrated run it also proves that the WebAssembly took over. */
export async function open(page: Page, testInfo: TestInfo, path: string) {
  const response = await page.goto(path);
  await settle(page, testInfo);
  return response;
}

export async function settle(page: Page, testInfo: TestInfo) {
  if (hydrated(testInfo)) {
    await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  } else {
    await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
  }
}

export async function login(page: Page, testInfo: TestInfo, user: { email: string; password: string }) {
  await open(page, testInfo, '/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(user.email);
  await page.getByLabel('Passwort').fill(user.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/\/intern$/);
  await settle(page, testInfo);
}

export async function logout(page: Page, testInfo: TestInfo) {
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Anmelden für Mitarbeitende' })).toBeVisible();
  await settle(page, testInfo);
}
