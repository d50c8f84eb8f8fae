import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export default async function globalTeardown() {
  const file = join(__dirname, '.servers.json');
  try {
    for (const pid of JSON.parse(readFileSync(file, 'utf8')) as number[]) {
      try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
    }
  } finally {
    rmSync(file, { force: true });
    // The Projektbüro's second factor of these runs' databases (written by 01-setup).
    for (const port of ['3101', '3102']) rmSync(join(__dirname, `.second-factor-${port}.json`), { force: true });
  }
}
