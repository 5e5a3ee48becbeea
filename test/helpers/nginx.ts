// Debian's nginx running the configuration the README gives ("Behind nginx"), with its
// addresses and folders swapped for a test's: the block is read from the README itself, so
// the README cannot drift from what is tested. Used by test/audio/nginx.test.ts and
// test/bench/media.bench.ts.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, waitFor } from './server.ts';

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p)) ?? null;

/** The nginx block of the README's "Behind nginx" section, as written there. */
export function readmeNginxConfig(): string {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- nginx.conf:');
  const block = /```nginx\n([\s\S]*?)```/.exec(readme.slice(marker));
  if (marker < 0 || !block) throw new Error('README.md has no nginx block after its "<!-- nginx.conf:" marker');
  return block[1]!;
}

export type RunningNginx = { base: string; port: number; pid: number; stop: () => Promise<void>; errors: () => string };

/** Starts nginx in the foreground on `port`, in front of Siaran at `upstream`, sending files from `mediaDir`. */
export async function startNginx(opts: {
  upstream: string;
  mediaDir: string;
  dir: string;
  port: number;
  /** Added to the http block, beside Debian's defaults (a bench's keep-alive limit). */
  http?: string;
}): Promise<RunningNginx> {
  if (!NGINX) throw new Error('nginx is not installed (Debian: apt-get install nginx)');
  const cache = path.join(opts.dir, 'cache');
  fs.mkdirSync(cache, { recursive: true });
  const mediaDir = opts.mediaDir.endsWith('/') ? opts.mediaDir : `${opts.mediaDir}/`;
  let site = readmeNginxConfig();
  const swaps: [string, string][] = [
    ['server 127.0.0.1:3000;', `server ${opts.upstream};`],
    ['listen 80;', `listen 127.0.0.1:${opts.port};`],
    ['alias /srv/siaran/media/$siaran_file;', `alias ${mediaDir}$siaran_file;`],
    ['/var/cache/nginx/siaran', cache],
  ];
  for (const [from, to] of swaps) {
    if (!site.includes(from)) throw new Error(`the README's nginx block no longer has "${from}"`);
    site = site.replace(from, to);
  }
  const root = process.getuid?.() === 0;
  const conf = [
    // As root nginx would hand its workers to "nobody", who may not read a test's folders.
    root ? 'user root;' : '',
    'daemon off;',
    'worker_processes 1;',
    `pid ${path.join(opts.dir, 'nginx.pid')};`,
    `error_log ${path.join(opts.dir, 'error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${path.join(opts.dir, 'body')};`,
    `  proxy_temp_path ${path.join(opts.dir, 'proxy')};`,
    `  fastcgi_temp_path ${path.join(opts.dir, 'fastcgi')};`,
    `  uwsgi_temp_path ${path.join(opts.dir, 'uwsgi')};`,
    `  scgi_temp_path ${path.join(opts.dir, 'scgi')};`,
    // As Debian's nginx.conf has it, so the README's block meets the defaults it will meet.
    '  sendfile on;',
    '  tcp_nopush on;',
    '  types { audio/ogg opus; audio/mpeg mp3; application/json json; }',
    '  default_type application/octet-stream;',
    opts.http ?? '',
    site,
    '}',
  ].join('\n');
  const file = path.join(opts.dir, 'nginx.conf');
  fs.writeFileSync(file, conf);
  execFileSync(NGINX, ['-t', '-q', '-p', opts.dir, '-c', file], { stdio: 'pipe' });
  const child: ChildProcess = spawn(NGINX, ['-p', opts.dir, '-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const base = `http://127.0.0.1:${opts.port}`;
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`nginx stopped: ${stderr}`);
    return fetch(`${base}/healthz`).then((r) => r.ok, () => false);
  }, 20_000);
  return {
    base,
    port: opts.port,
    pid: child.pid!,
    errors: () => stderr + (fs.existsSync(path.join(opts.dir, 'error.log')) ? fs.readFileSync(path.join(opts.dir, 'error.log'), 'utf8') : ''),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      }),
  };
}
