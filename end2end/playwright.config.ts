import { defineConfig } from '@playwright/test';

// Every spec runs twice: hydrated (WebAssembly active) and with JavaScript switched off.
// Each run gets its own server and fresh database (see global-setup.ts).
const chromium = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Each project's own when .ci/test runs them side by side (a run empties its directory first).
  outputDir: process.env.E2E_PROJECT ? `./test-results-${process.env.E2E_PROJECT}` : './test-results',
  use: {
    locale: 'de-DE',
    launchOptions: chromium,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'hydriert', use: { baseURL: 'http://127.0.0.1:3101', javaScriptEnabled: true } },
    // Tests tagged @braucht-js exercise what only exists with JavaScript (the offline queue).
    { name: 'ohne-javascript', grepInvert: /@braucht-js/, use: { baseURL: 'http://127.0.0.1:3102', javaScriptEnabled: false } },
  ],
});
