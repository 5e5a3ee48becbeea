// A "capture now" of a dialogue 60 days old (far outside the schedule's 14-day look-back),
// with the real server killed (SIGKILL) at random moments five times over: after the last
// restart the audio is attached with no further request, complete to the second, and nothing
// half-written was ever recorded. The schedules are the defaults but for intake, which takes
// the logger file at once.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isTempName } from '../../src/audio/storage.ts';
import { ffmpegRun } from '../helpers/audio.ts';
import { randomPort, startListening, waitFor } from '../helpers/server.ts';

const media = mkdtempSync(join(os.tmpdir(), 'siaran-crash5-'));
afterAll(() => rmSync(media, { recursive: true, force: true }));
const port = randomPort();
const base = `http://127.0.0.1:${port}`;
const env = {
  SIARAN_MEDIA_DIR: media,
  PORT: port,
  SIARAN_DEMO: '0',
  SIARAN_ADMIN_EMAIL: 'ops@rri.id',
  SIARAN_ADMIN_PASSWORD: 'sandi-rahasia',
  SIARAN_INTAKE_SCHEDULE: '* * * * * *',
  SIARAN_INCOMING_QUIET_SEC: '0',
  SIARAN_CAPTURE_PREROLL_SEC: '0',
  SIARAN_CAPTURE_POSTROLL_SEC: '0',
};

const start = () => startListening(env);

function state(dialogueId: string) {
  const db = new SQLite(join(media, 'siaran.db'), { readonly: true });
  try {
    const audio = db.prepare('select * from dialogue_audio where dialogue_id = ?').get(dialogueId) as Record<string, any> | undefined;
    const recordings = (db.prepare('select count(*) as n from recordings').get() as { n: number }).n;
    const runs = db.prepare("select id, outcome, reason, trigger from job_runs where job = 'capture' order by id").all() as { id: number; outcome: string; reason: string | null; trigger: string }[];
    const dir = join(media, 'dialogues', dialogueId);
    const files = existsSync(dir) ? readdirSync(dir) : [];
    return { audio, recordings, runs, finals: files.filter((f) => !isTempName(f)), temps: files.filter(isTempName) };
  } finally {
    db.close();
  }
}

describe('a "capture now" of an old dialogue, killed five times', () => {
  it('is attached after the last restart with no further request', async () => {
    let app = await start();
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: env.SIARAN_ADMIN_EMAIL, password: env.SIARAN_ADMIN_PASSWORD }) });
    const token = ((await login.json()) as { token: string }).token;
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return { status: res.status, json: (await res.json()) as any };
    };
    const station = (await api('POST', '/api/stations', { name: 'RRI Palangka Raya', timezone: 'Asia/Jakarta' })).json;

    // Sixty days ago, on the minute; twelve minutes of dialogue inside a fourteen-minute logger file.
    const loggerStart = Math.floor((Date.now() - 60 * 86_400_000) / 60_000) * 60_000;
    const startsAt = new Date(loggerStart + 60_000).toISOString();
    const endsAt = new Date(loggerStart + 13 * 60_000).toISOString();
    const created = await api('POST', '/api/dialogues', { title: 'Dialog lama', stationId: station.id, startsAt, endsAt });
    expect(created.status).toBe(201);
    const dialogue = created.json;

    const name = `${new Date(loggerStart).toISOString().slice(0, 19).replace(/:/g, '-')}Z.mp3`;
    await ffmpegRun(['-f', 'lavfi', '-i', 'sine=frequency=330:duration=840', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', join(media, name)]);
    mkdirSync(join(media, 'incoming', station.slug), { recursive: true });
    renameSync(join(media, name), join(media, 'incoming', station.slug, name));
    await waitFor(() => state(dialogue.id).recordings === 1, 60_000);

    // The one request: capture now.
    expect((await api('POST', `/api/dialogues/${dialogue.id}/capture`)).status).toBe(202);

    const unfinishedAtKill: boolean[] = [];
    for (let kill = 1; kill <= 5; kill++) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 2500));
      app.child.kill('SIGKILL');
      await app.exited;
      const s = state(dialogue.id);
      unfinishedAtKill.push(s.audio === undefined);
      // Whatever the database records exists whole on disk; no half file carries a final name.
      if (s.audio) for (const column of ['opus_path', 'mp3_path', 'peaks_path']) expect(existsSync(join(media, s.audio[column]))).toBe(true);
      else expect(s.finals).toEqual([]);
      app = await start();
    }
    // The first kill, a few seconds into a twelve-minute render, cut the capture short.
    expect(unfinishedAtKill[0]).toBe(true);

    // Left alone after the fifth restart: no request, no schedule tick (the dialogue is outside the look-back).
    // The audio is attached in one transaction and the run's ending written just after it:
    // wait for both, or a loaded machine reads the run still running between the two.
    await waitFor(() => {
      const now = state(dialogue.id);
      return now.audio !== undefined && now.runs.every((r) => r.outcome !== 'queued' && r.outcome !== 'running');
    }, 240_000);
    const s = state(dialogue.id);
    expect(s.temps).toEqual([]);
    expect(s.finals).toHaveLength(3);
    expect(s.runs.filter((r) => r.outcome === 'attached')).toHaveLength(1);
    expect(s.runs.every((r) => r.trigger === 'manual')).toBe(true);
    expect(s.runs.filter((r) => r.reason?.startsWith('interrupted')).length).toBeGreaterThanOrEqual(1);
    expect(s.runs.filter((r) => r.outcome === 'queued' || r.outcome === 'running')).toEqual([]);
    expect(Math.abs(s.audio!.duration_ms - 12 * 60_000)).toBeLessThan(1000);

    const after = (await api('GET', `/api/dialogues/${dialogue.id}`)).json;
    expect(after.status).toBe('aired');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  }, 600_000);
});
