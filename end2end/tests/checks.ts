import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, expect, Page, Response, TestInfo } from '@playwright/test';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// What every page must pass: axe-core with the WCAG 2.1 A and AA rules (no serious or critical
// finding), and the W3C Nu HTML checker without errors. The Nu checker is slow to start, so each
// checked page's document is kept in a directory per project and 99-gueltiges-html checks them all
// at once at the end of the run.

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export function documentsDir(project: string): string {
  return join(__dirname, '..', `.documents-${project}`);
}

/** Empties the project's document directory (global-setup calls it for the projects it starts). */
export function resetDocuments(project: string) {
  rmSync(documentsDir(project), { recursive: true, force: true });
  mkdirSync(documentsDir(project), { recursive: true });
}

export function keptDocuments(project: string): string[] {
  try {
    return readdirSync(documentsDir(project)).filter((f) => f.endsWith('.html')).map((f) => join(documentsDir(project), f));
  } catch {
    return [];
  }
}

let kept = 0;

function keep(testInfo: TestInfo, url: string, html: string) {
  kept += 1;
  const path = new URL(url).pathname.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '') || 'start';
  const name = `${testInfo.file.split('/').pop()!.replace('.spec.ts', '')}-${String(kept).padStart(4, '0')}-${path.slice(0, 60)}.html`;
  // The address goes last, as a comment the checker ignores, so that a finding names its page
  // (first, a long one would push <meta charset> past the first 1024 bytes).
  writeFileSync(join(documentsDir(testInfo.project.name), name), `${html}\n<!-- ${url.replace(/--/g, '- -')} -->\n`);
}

/** axe-core on what the page shows now; fails on any serious or critical violation. */
export async function expectAccessible(page: Page, what = page.url()) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const findings = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} – ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`);
  // Soft: the test goes on, so that one run names every finding; it still fails at its end.
  expect.soft(findings, `axe-core (WCAG 2.1 A/AA) on ${what}`).toEqual([]);
}

// axe-core runs inside the page, which a page without JavaScript cannot. So the document that
// page shows is shown once more in a page that may run scripts, with our own scripts blocked
// (no hydration) and <noscript> unwrapped: what a browser without JavaScript displays.
const viewers = new WeakMap<Browser, Promise<BrowserContext>>();

async function viewerFor(page: Page): Promise<Page> {
  const browser = page.context().browser()!;
  if (!viewers.has(browser)) viewers.set(browser, browser.newContext({ javaScriptEnabled: true, locale: 'de-DE' }));
  return (await viewers.get(browser)!).newPage();
}

async function expectAccessibleWithoutJs(page: Page, html: string) {
  const url = page.url();
  const viewer = await viewerFor(page);
  try {
    const shown = html.replace(/<\/?noscript>/g, '');
    await viewer.route('**/*', (route) => {
      const request = route.request().url();
      if (request === url) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: shown });
      if (/\.(js|wasm)(\?|$)/.test(new URL(request).pathname)) return route.abort();
      return route.continue();
    });
    await viewer.goto(url);
    await expectAccessible(viewer, `${url} (ohne JavaScript)`);
  } finally {
    await viewer.close();
  }
}

/** The addresses checked so far in this run (each project runs in its own process). */
const checked = new Set<string>();

/** What one page check may take on two busy cores. */
const CHECK_BUDGET_MS = 10_000;

/**
 * Checks the page as it is now: axe-core, and its document is kept for the Nu checker – the
 * server's own HTML when the navigation's response is given, else (a form's answer) the document
 * as the browser parsed it, which without JavaScript is the server's page.
 */
export async function checkPage(page: Page, testInfo: TestInfo, response?: Response | null) {
  const withoutJs = testInfo.project.name !== 'hydriert';
  // Once per address and run: a page that many specs open (/intern) is checked the first time;
  // a form's answer counts as an address of its own.
  const address = `${page.url()}${response ? '' : ' (nach dem Absenden)'}`;
  if (checked.has(address)) return;
  checked.add(address);
  // Each check gives its test the time it takes: an axe pass took 3–5 s on two busy cores (both
  // projects side by side, the page shown a second time without JavaScript); twice that, so
  // that a spec's timeout follows from how many pages it checks, not from one run's luck.
  testInfo.setTimeout(testInfo.timeout + CHECK_BUDGET_MS);
  const type = response?.headers()['content-type'] ?? '';
  const source = response && type.startsWith('text/html') ? await response.text() : undefined;
  if (withoutJs) {
    await expectAccessibleWithoutJs(page, source ?? (await page.content()));
  } else {
    await expectAccessible(page);
  }
  if (source) {
    keep(testInfo, response!.url(), source);
  } else if (!response && withoutJs) {
    keep(testInfo, page.url(), await page.content());
  }
}
