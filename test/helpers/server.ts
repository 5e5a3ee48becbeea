// Starts the real entry point (src/main.ts) as a child process, as `npm start` does.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

export function startMain(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
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
