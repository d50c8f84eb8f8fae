import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pidFile, serversOfThisRun } from './global-setup';

export default async function globalTeardown() {
  const file = pidFile();
  try {
    for (const pid of JSON.parse(readFileSync(file, 'utf8')) as number[]) {
      try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
    }
  } finally {
    rmSync(file, { force: true });
    // The Projektbüro's second factor of these runs' databases (written by 01-setup).
    for (const { port } of serversOfThisRun()) rmSync(join(__dirname, `.second-factor-${port}.json`), { force: true });
  }
}
