// Transcriptions through the shared queue, with real processes on one database (the SQLite
// file, or under `npm run test:pg` a PostgreSQL database) and one media folder: `npm start`
// with SIARAN_JOBS=0 (web-only) and two `npm run worker`, all with the generated Whisper model
// configured. A transcription asked of the web-only instance is queued
// there and run once, by a worker; a worker killed mid-transcription has its run completed by
// the other once its lease runs out.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/app.ts';
import { ffmpegRun } from '../helpers/audio.ts';
import { ADMIN, clusterDatabase, coordinatorApi } from '../helpers/cluster.ts';
import { createScratchPostgres } from '../helpers/postgres.ts';
import { randomPort, type Started, startListening, startWorker, waitFor } from '../helpers/server.ts';
import { talkLike } from '../helpers/speech-audio.ts';
import { tinyWhisperModel } from '../helpers/whisper.ts';

const LEASE_SEC = 3;
let processes: Started[] = [];
let media = '';
let database: Awaited<ReturnType<typeof createScratchPostgres>> | null = null;
afterEach(async () => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  processes = [];
  rmSync(media, { recursive: true, force: true });
  await database?.drop();
  database = null;
});

type Run = { id: number; trigger: string; outcome: string; reason: string | null; attempt: number; started_at: string; finished_at: string | null; lease_owner: string | null; lease_expires_at: string | null };

/** Rows as the processes wrote them, read past them. */
const rows = <T>(query: string) => clusterDatabase(media, database?.url).rows<T>(query);
const transcribeRuns = () => rows<Run>("select * from job_runs where job = 'transcribe' order by id");
const versions = () => rows<{ version: number; source: string }>('select version, source from transcript_versions order by version');

describe('transcriptions with a web-only app and two workers on one database', () => {
  it('runs one asked of the web-only app once, in a worker, and completes one whose worker was killed in the other', async () => {
    media = mkdtempSync(join(os.tmpdir(), 'siaran-asr-cluster-'));
    database = onPostgres ? await createScratchPostgres() : null;
    const port = randomPort();
    const env = {
      ...(database && { SIARAN_DATABASE_URL: database.url }),
      SIARAN_MEDIA_DIR: media,
      PORT: port,
      SIARAN_DEMO: '0',
      SIARAN_ADMIN_EMAIL: ADMIN.email,
      SIARAN_ADMIN_PASSWORD: ADMIN.password,
      SIARAN_ASR_MODEL: tinyWhisperModel(),
      SIARAN_ASR_THREADS: '2',
      SIARAN_JOB_LEASE_SEC: String(LEASE_SEC),
    };
    // A minute of talk: long enough a transcription to kill a worker in the middle of it.
    const wav = join(media, 'take.wav');
    await ffmpegRun(['-f', 'lavfi', '-i', `aevalsrc='${talkLike(8, 2)}':s=16000:d=60`, '-c:a', 'pcm_s16le', wav]);

    const web = await startListening({ ...env, SIARAN_JOBS: '0' });
    processes.push(web);
    const api = await coordinatorApi(`http://127.0.0.1:${port}`);
    const station = (await api('POST', '/api/stations', { name: 'RRI Palangka Raya', timezone: 'Asia/Jakarta' })).json;
    const d = (await api('POST', '/api/dialogues', { title: 'Dialog', stationId: station.id, startsAt: '2021-09-08T09:00', endsAt: '2021-09-08T10:00' })).json;
    const put = await api('PUT', `/api/dialogues/${d.id}/audio`, readFileSync(wav), 'audio/wav');
    expect(put.status).toBe(202);

    const workers = await Promise.all([startWorker(env), startWorker(env)]);
    processes.push(...workers);
    const owners = workers.map((w) => /Worker Siaran (\S+) mulai mengerjakan tugas/.exec(w.output())![1]!);
    const diagnose = async (error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(await transcribeRuns())}\n${[web, ...workers].map((p) => p.output()).join('\n---\n')}`);
    };

    // The upload's own transcription, queued by the worker that attached the audio.
    await waitFor(async () => (await versions()).length === 1, 240_000).catch(diagnose);

    // Asked of the web-only app: queued there, unowned, for a worker to claim.
    const asked = await api('POST', `/api/dialogues/${d.id}/transcribe`);
    expect(asked.status).toBe(202);
    const askedId = Number(asked.json.jobId);
    await waitFor(async () => (await transcribeRuns()).find((r) => r.id === askedId)?.outcome === 'attached', 240_000).catch(diagnose);
    // Let a duplicate show, were there one.
    await new Promise((r) => setTimeout(r, 2 * LEASE_SEC * 1000));
    let runs = await transcribeRuns();
    expect(runs.map((r) => [r.trigger, r.outcome])).toEqual([['upload', 'attached'], ['manual', 'attached']]);
    // Run by a worker, never by the web-only app, whose owner is neither.
    for (const r of runs) expect(owners).toContain(r.lease_owner);
    expect(await versions()).toEqual([{ version: 1, source: 'machine' }, { version: 2, source: 'machine' }]);

    // Asked again; its worker is killed mid-run, and the other takes it over once the lease runs out.
    const again = Number((await api('POST', `/api/dialogues/${d.id}/transcribe`)).json.jobId);
    await waitFor(async () => (await transcribeRuns()).find((r) => r.id === again)?.outcome === 'running', 60_000).catch(diagnose);
    const victimOwner = (await transcribeRuns()).find((r) => r.id === again)!.lease_owner!;
    const victim = workers[owners.indexOf(victimOwner)]!;
    const survivor = owners.find((o) => o !== victimOwner)!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    const killedAt = Date.now();

    await waitFor(async () => (await versions()).length === 3, 240_000).catch(diagnose);
    runs = await transcribeRuns();
    const killed = runs.find((r) => r.id === again)!;
    expect(killed).toMatchObject({ outcome: 'failed', reason: 'interrupted: the process stopped before the run ended', lease_owner: victimOwner });
    const takenOver = runs.filter((r) => r.id > again);
    expect(takenOver).toEqual([expect.objectContaining({ trigger: 'manual', outcome: 'attached', attempt: 1, lease_owner: survivor })]);
    // Taken over only once the lease ran out, not at once.
    expect(Date.parse(killed.finished_at!)).toBeGreaterThanOrEqual(Date.parse(killed.lease_expires_at!));
    expect(Date.parse(takenOver[0]!.started_at)).toBeGreaterThanOrEqual(Date.parse(killed.lease_expires_at!));
    expect(Date.parse(killed.lease_expires_at!)).toBeGreaterThan(killedAt - LEASE_SEC * 1000);
    expect(web.output()).not.toMatch(/transcription of dialogue/);
  }, 600_000);
});
