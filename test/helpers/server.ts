// Starts the real entry points as child processes: src/main.ts as `npm start` does, and
// src/worker.ts as `npm run worker` does.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

export function startMain(env: Record<string, string>, entry = 'src/main.ts'): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/**
 * Settings under which a spawned server (or worker) captures old dialogues at once: its
 * schedules tick every second, so a test need not wait for minutes, with no quiet time, grace,
 * margins or look-back limit.
 * - Partial captures never: the test dialogues ended years ago, so with the default wait an
 *   intake run that fell between two recorder files' arrivals would attach half a capture.
 * - Retention never: the 2021 recorder files are long past the default retention, and the
 *   retention pass would remove files the tests count.
 */
export const CAPTURE_AT_ONCE = {
  SIARAN_INTAKE_SCHEDULE: '* * * * * *',
  SIARAN_CAPTURE_SCHEDULE: '* * * * * *',
  SIARAN_INCOMING_QUIET_SEC: '0',
  SIARAN_CAPTURE_GRACE_MIN: '0',
  SIARAN_CAPTURE_LOOKBACK_DAYS: '3650',
  SIARAN_CAPTURE_PREROLL_SEC: '0',
  SIARAN_CAPTURE_POSTROLL_SEC: '0',
  SIARAN_CAPTURE_PARTIAL_AFTER_MIN: 'never',
  SIARAN_RETENTION_DAYS: 'never',
};

/**
 * A port for a spawned server, picked at random so test files running side by side rarely
 * meet, and below Linux's range of ports for outgoing connections (32768 and up): a port from
 * that range can already be the local end of a connection, which the PostgreSQL suite opens
 * by the hundred (a server failed there with "port sudah dipakai").
 */
export const randomPort = () => String(20000 + Math.floor(Math.random() * 12768));

/** Starts src/main.ts and waits until it listens; if it exits first, fails with what it printed. */
export async function startListening(env: Record<string, string>): Promise<Started> {
  const app = startMain(env);
  await waitFor(() => /siap melayani di/.test(app.output()) || app.child.exitCode !== null, 60_000);
  if (app.child.exitCode !== null) throw new Error(app.output());
  return app;
}

/** Starts src/worker.ts and waits until it works jobs; if it exits first, fails with what it printed. */
export async function startWorker(env: Record<string, string>): Promise<Started> {
  const worker = startMain(env, 'src/worker.ts');
  await waitFor(() => /mulai mengerjakan tugas/.test(worker.output()) || worker.child.exitCode !== null, 60_000);
  if (worker.child.exitCode !== null) throw new Error(worker.output());
  return worker;
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
}

/** Serves an app on a free port through the same server layer as src/main.ts; close() when done. */
export async function listen(app: { fetch: (request: Request, env: unknown) => Response | Promise<Response> }, bodyLimitBytes: number) {
  const { startServer } = await import('../../src/http/server.ts');
  let port = 0;
  const server = await new Promise<ReturnType<typeof startServer>>((resolve) => {
    const s = startServer(app.fetch, { port: 0, hostname: '127.0.0.1', bodyLimitBytes }, (info) => {
      port = info.port;
      resolve(s);
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    }),
  };
}
