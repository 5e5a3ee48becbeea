// Killing the real server (SIGKILL) in the middle of a transcription by the real engine on
// the generated model: after the restart the run is taken up again and the draft appears
// with no further request.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegRun } from '../helpers/audio.ts';
import { randomPort, startListening, waitFor } from '../helpers/server.ts';
import { talkLike } from '../helpers/speech-audio.ts';
import { tinyWhisperModel } from '../helpers/whisper.ts';

const media = mkdtempSync(join(os.tmpdir(), 'siaran-asr-crash-'));
afterAll(() => rmSync(media, { recursive: true, force: true }));
const port = randomPort();
const base = `http://127.0.0.1:${port}`;
const env = {
  SIARAN_MEDIA_DIR: media,
  PORT: port,
  SIARAN_DEMO: '0',
  SIARAN_ADMIN_EMAIL: 'ops@rri.id',
  SIARAN_ADMIN_PASSWORD: 'sandi-rahasia',
  SIARAN_ASR_MODEL: tinyWhisperModel(),
  SIARAN_ASR_THREADS: '2',
};

const start = () => startListening(env);

const runs = () => {
  const db = new SQLite(join(media, 'siaran.db'), { readonly: true });
  try {
    return {
      runs: db.prepare("select outcome, reason, progress, attempt from job_runs where job = 'transcribe' order by id").all() as any[],
      versions: db.prepare('select version, source from transcript_versions').all() as any[],
    };
  } finally {
    db.close();
  }
};

describe('a transcription killed mid-run', () => {
  it('is taken up after the restart and its draft appears', { timeout: 600_000 }, async () => {
    let app = await start();
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ops@rri.id', password: 'sandi-rahasia' }) });
    const token = ((await login.json()) as any).token;
    const api = async (method: string, path: string, body?: unknown) =>
      (await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })).json() as Promise<any>;
    const station = await api('POST', '/api/stations', { name: 'RRI Palangka Raya', timezone: 'Asia/Jakarta' });
    const d = await api('POST', '/api/dialogues', { title: 'Dialog', stationId: station.id, startsAt: '2021-09-08T09:00', endsAt: '2021-09-08T10:00' });
    const wav = join(media, 'take.wav');
    await ffmpegRun(['-f', 'lavfi', '-i', `aevalsrc='${talkLike(8, 2)}':s=16000:d=16`, '-c:a', 'pcm_s16le', wav]);
    const put = await fetch(`${base}/api/dialogues/${d.id}/audio`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'audio/wav' }, body: readFileSync(wav) });
    expect(put.status).toBe(202);

    await waitFor(() => runs().runs.some((r) => r.outcome === 'running'), 120_000);
    app.child.kill('SIGKILL');
    await app.exited;
    expect(runs().versions).toEqual([]);

    app = await start();
    try {
      await waitFor(() => runs().versions.length > 0, 400_000).catch((error) => {
        throw new Error(`${error.message}: ${JSON.stringify(runs())}\n${app.output()}`);
      });
      const after = runs();
      expect(after.versions).toEqual([{ version: 1, source: 'machine' }]);
      expect(after.runs).toEqual([
        expect.objectContaining({ outcome: 'failed', reason: expect.stringContaining('interrupted') }),
        expect.objectContaining({ outcome: 'attached', progress: 100, attempt: 1 }),
      ]);
      expect(app.output()).toContain('Transkripsi: 1 pekerjaan yang terputus atau gagal diulang.');
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  });
});
