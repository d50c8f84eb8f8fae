import { expect, Page, TestInfo } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPage } from './checks';

export const OFFICE = { name: 'Petra Projektbüro', email: 'petra@stadt.example', password: 'Ein sicherer Satz für Dortmund' };
export const COORDINATOR = { name: 'Kai Nordstadt', email: 'kai@stadt.example', password: 'Kai mag den Borsigplatz sehr' };

export function port(testInfo: TestInfo): string {
  return testInfo.project.name === 'hydriert' ? '3101' : '3102';
}

export function hydrated(testInfo: TestInfo): boolean {
  return testInfo.project.name === 'hydriert';
}

/**
 * Opens a page; in the hydrated run it also proves that the WebAssembly took over. Every page
 * opened is checked with axe-core and kept for the Nu HTML checker (checks.ts).
 */
export async function open(page: Page, testInfo: TestInfo, path: string) {
  const response = await page.goto(path);
  await settle(page, testInfo);
  await checkPage(page, testInfo, response);
  return response;
}

/** The address of exactly this path, without a query: `/intern$/` alone would also match the login
 * step's `/anmelden/code?weiter=/intern` and let a test go on before the login finished. */
export function atPath(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$|()[\]{}\\]/g, '\\$&');
  return new RegExp('^https?://[^/?#]+' + escaped + '$');
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
  if (user.email === OFFICE.email) {
    // The Projektbüro confirms each login with the code of its authenticator app.
    await expect(page).toHaveURL(/\/anmelden\/code/);
    await settle(page, testInfo);
    await page.getByRole('textbox', { name: 'Code' }).fill(await nextCode(testInfo));
    await page.getByRole('button', { name: 'Bestätigen und anmelden' }).click();
  }
  await expect(page).toHaveURL(atPath('/intern'));
  await settle(page, testInfo);
}

// The Projektbüro's second factor: its secret and unused recovery codes per server, kept in a
// file beside the specs (01-setup writes it), with the last time step used (a code works once).
type SecondFactor = { secret: string; codes: string[]; lastStep: number };

function factorFile(testInfo: TestInfo): string {
  return join(__dirname, '..', `.second-factor-${port(testInfo)}.json`);
}

function readFactor(testInfo: TestInfo): SecondFactor {
  return JSON.parse(readFileSync(factorFile(testInfo), 'utf8'));
}

export function saveSecondFactor(testInfo: TestInfo, factor: Partial<SecondFactor>) {
  let current: SecondFactor = { secret: '', codes: [], lastStep: -1 };
  try { current = readFactor(testInfo); } catch { /* first write */ }
  writeFileSync(factorFile(testInfo), JSON.stringify({ ...current, ...factor }));
}

/** RFC 6238 with SHA-1, six digits, 30 seconds: what an authenticator app shows at `step`. */
export function totp(secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

/** The code for the next login: this time step's, or the next one's when this one was used
 *  (the server allows one step of clock drift); else wait for the next step. */
export async function nextCode(testInfo: TestInfo): Promise<string> {
  for (;;) {
    const factor = readFactor(testInfo);
    const now = Date.now() / 1000;
    const current = Math.floor(now / 30);
    const step = factor.lastStep >= current ? factor.lastStep + 1 : current;
    if (step <= current + 1) {
      saveSecondFactor(testInfo, { lastStep: step });
      return totp(factor.secret, step);
    }
    const waitMs = ((step - 1) * 30 - now) * 1000 + 300;
    testInfo.setTimeout(testInfo.timeout + waitMs);
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

/** An unused recovery code, taken from the list. */
export function takeRecoveryCode(testInfo: TestInfo): string {
  const factor = readFactor(testInfo);
  const code = factor.codes.shift()!;
  saveSecondFactor(testInfo, { codes: factor.codes });
  return code;
}

export async function logout(page: Page, testInfo: TestInfo) {
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Anmelden für Mitarbeitende' })).toBeVisible();
  await settle(page, testInfo);
}
