import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resetDocuments } from './tests/checks';

const root = resolve(__dirname, '..');
const binary = process.env.SERVER_BIN || join(root, 'target', 'release', 'server');

// Starts one server on a fresh database and resolves with the setup link it prints.
// `readers` read-only connections beside the writer; 0: one connection for everything, so that a
// request holding one connection while asking for another would fail the run.
function startServer(port: number, readers: number): Promise<{ pid: number; setupLink: string }> {
  const dir = mkdtempSync(join(tmpdir(), `aktionsplan-e2e-${port}-`));
  const child = spawn(
    binary,
    ['serve', '--addr', `127.0.0.1:${port}`, '--database', join(dir, 'e2e.sqlite'),
      '--database-readers', String(readers)],
    {
      cwd: root,
      env: { ...process.env, LEPTOS_SITE_ROOT: join(root, 'target', 'site'), RUST_LOG: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: false,
    },
  );
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server on ${port} did not start:\n${output}`)), 30_000);
    child.on('exit', (code) => reject(new Error(`server on ${port} exited with ${code}:\n${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const link = output.match(/(http:\/\/\S+\/einrichten\?token=\S+)/);
      if (link && output.includes('Aktionsplan läuft')) {
        clearTimeout(timer);
        resolvePromise({ pid: child.pid!, setupLink: link[1] });
      }
    });
  });
}

// The projects and their servers. E2E_PROJECT names the one project a run is for (.ci/test runs
// the two side by side, each in its own process); without it both servers start.
export const PROJECT_SERVERS: { project: string; port: number; readers: number }[] = [
  { project: 'hydriert', port: 3101, readers: 8 },
  { project: 'ohne-javascript', port: 3102, readers: 0 },
];

export function serversOfThisRun() {
  const wanted = process.env.E2E_PROJECT;
  return PROJECT_SERVERS.filter((s) => !wanted || s.project === wanted);
}

export function pidFile() {
  const wanted = process.env.E2E_PROJECT;
  return join(__dirname, wanted ? `.servers-${wanted}.json` : '.servers.json');
}

export default async function globalSetup() {
  const wanted = serversOfThisRun();
  wanted.forEach((s) => resetDocuments(s.project));
  const servers = await Promise.all(wanted.map((s) => startServer(s.port, s.readers)));
  writeFileSync(pidFile(), JSON.stringify(servers.map((s) => s.pid)));
  wanted.forEach((s, i) => {
    process.env[`SETUP_LINK_${s.port}`] = servers[i].setupLink;
  });
}
