// Killing the real server (SIGKILL, no chance to clean up) in the middle of a capture loses
// nothing: at the next start leftovers are cleaned, the capture runs again and completes, and
// no half file is ever visible or recorded.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTempName } from '../../src/audio/storage.ts';
import { connectDatabase } from '../../src/db/connection.ts';
import { onPostgres } from '../helpers/app.ts';
import { createScratchPostgres } from '../helpers/postgres.ts';
import { ffmpegRun } from '../helpers/audio.ts';
import { CAPTURE_AT_ONCE, randomPort, type Started, startListening, waitFor } from '../helpers/server.ts';

const media = mkdtempSync(join(os.tmpdir(), 'siaran-crash-'));
// Under npm run test:pg, the server runs on a scratch PostgreSQL database of its own.
const scratch = onPostgres ? await createScratchPostgres() : null;
afterAll(async () => {
  rmSync(media, { recursive: true, force: true });
  await scratch?.drop();
});
const port = randomPort();
const base = `http://127.0.0.1:${port}`;
const env = {
  SIARAN_MEDIA_DIR: media,
  PORT: port,
  SIARAN_DEMO: '0',
  SIARAN_ADMIN_EMAIL: 'ops@rri.id',
  SIARAN_ADMIN_PASSWORD: 'sandi-rahasia',
  ...CAPTURE_AT_ONCE,
  ...(scratch ? { SIARAN_DATABASE_URL: scratch.url } : {}),
};

const start = () => startListening(env);

async function kill(app: Started) {
  app.child.kill('SIGKILL');
  await app.exited;
}

let token = '';
const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return res.json() as Promise<any>;
};

/** What is on disk and in the database right now, read without the server. */
async function state(dialogueId: string) {
  const db = connectDatabase({ databasePath: join(media, 'siaran.db'), databaseUrl: scratch?.url ?? null });
  try {
    const audio = (await db.selectFrom('dialogue_audio').selectAll().where('dialogue_id', '=', dialogueId).executeTakeFirst()) as Record<string, string> | undefined;
    const recordings = Number((await db.selectFrom('recordings').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const runs = await db.selectFrom('job_runs').select(['outcome', 'reason']).where('job', '=', 'capture').orderBy('id').execute();
    const dir = join(media, 'dialogues', dialogueId);
    const files = existsSync(dir) ? readdirSync(dir) : [];
    return { audio, recordings, runs, files, finals: files.filter((f) => !isTempName(f)), temps: files.filter(isTempName) };
  } finally {
    await db.destroy();
  }
}

/** The invariant: whatever the database records exists whole on disk. */
function expectConsistent(s: Awaited<ReturnType<typeof state>>) {
  if (s.audio) for (const column of ['opus_path', 'mp3_path', 'peaks_path']) expect(existsSync(join(media, s.audio[column]!))).toBe(true);
}

describe('a capture killed mid-way', () => {
  it('is cleaned up and completed at the next start, and nothing half-written is ever recorded', async () => {
    let app = await start();
    token = (await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: env.SIARAN_ADMIN_EMAIL, password: env.SIARAN_ADMIN_PASSWORD }) })).json()).token;
    const station = await api('POST', '/api/stations', { name: 'RRI Palangka Raya', timezone: 'Asia/Jakarta' });
    const dialogue = await api('POST', '/api/dialogues', { title: 'Dialog', stationId: station.id, startsAt: '2021-09-08T09:00', endsAt: '2021-09-08T09:03' });

    // Two logger files of 90 s each make three minutes of dialogue: a render of a few seconds.
    const incoming = join(media, 'incoming', station.slug);
    mkdirSync(incoming, { recursive: true });
    const loggerFiles = [['2021-09-08_09-00-00.mp3', 330], ['2021-09-08_09-01-30.mp3', 440]] as const;
    for (const [name, hz] of loggerFiles) {
      await ffmpegRun(['-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=90`, '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k', join(media, name)]);
    }
    // Moved in whole, as a recorder finishing a file would.
    for (const [name] of loggerFiles) renameSync(join(media, name), join(incoming, name));

    // Kill 1: in the final encode, while the renditions exist only under temporary names.
    await waitFor(async () => (await state(dialogue.id)).temps.length > 0, 120_000);
    await kill(app);
    let s = await state(dialogue.id);
    expect(s.finals).toEqual([]);
    expect(s.audio).toBeUndefined();
    expect(s.runs.at(-1)?.outcome).toBe('running');

    // Kill 2: at a moment chosen by chance after the restart (cleaning, intake, measuring, encoding…).
    app = await start();
    expect(app.output()).toMatch(/Dipulihkan setelah proses sebelumnya terhenti: .*"tempFiles":[1-9]/);
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 3000));
    await kill(app);
    s = await state(dialogue.id);
    expectConsistent(s);

    // Left alone, it completes.
    app = await start();
    // Attached in one transaction, the run's ending written just after: wait for both.
    await waitFor(async () => {
      const now = await state(dialogue.id);
      return now.audio !== undefined && now.runs.every((r) => r.outcome !== 'queued' && r.outcome !== 'running');
    }, 180_000);
    s = await state(dialogue.id);
    expectConsistent(s);
    expect(s.temps).toEqual([]);
    expect(s.finals).toHaveLength(3);
    expect(s.recordings).toBe(2);
    expect(s.runs.filter((r) => r.outcome === 'attached')).toHaveLength(1);
    expect(s.runs.some((r) => r.reason?.startsWith('interrupted'))).toBe(true);
    const after = await api('GET', `/api/dialogues/${dialogue.id}`);
    expect(after.status).toBe('aired');
    expect(Math.abs(after.audio.durationMs - 180_000)).toBeLessThan(100);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    // No temporary file anywhere in the media folder.
    expect(readdirSync(media, { recursive: true }).map(String).filter((p) => isTempName(p.split('/').at(-1)!))).toEqual([]);
  }, 400_000);
});
