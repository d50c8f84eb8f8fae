import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { keptDocuments } from './checks';

// The W3C Nu HTML checker (vnu-jar from npm, Java from Debian) over every page this run opened
// and kept (checks.ts): no errors allowed. Runs last, once per project.
test('every page of this run is valid HTML (W3C Nu checker)', async ({}, testInfo) => {
  testInfo.setTimeout(180_000);
  const files = keptDocuments(testInfo.project.name);
  expect(files.length, 'pages kept by the earlier specs').toBeGreaterThan(60);
  const jar: string = require('vnu-jar');
  const run = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', '--stdout', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(run.error, 'java could start').toBeUndefined();
  const report = JSON.parse(run.stdout) as {
    messages: { type: string; url?: string; message: string; lastLine?: number; extract?: string }[];
  };
  const errors = report.messages
    .filter((m) => m.type !== 'info')
    .map((m) => `${(m.url ?? '').split('/').pop()}:${m.lastLine ?? '?'}: ${m.message} «${(m.extract ?? '').replace(/\s+/g, ' ').slice(0, 120)}»`);
  expect(errors, `${files.length} pages checked`).toEqual([]);
});
