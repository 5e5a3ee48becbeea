// Runs that a kill or a stop cut short are taken up again at the next start, at once, whatever
// their trigger and however old their dialogue; intake passes are runs from their first moment.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recoverAfterCrash } from '../../src/jobs/recovery.ts';
import { makeLoggerFile } from '../helpers/audio.ts';
import { type TestApp, booking, createTestApp, seedBasics } from '../helpers/app.ts';

let t: TestApp;
afterEach(() => t?.close());

async function withLoggers(count: number) {
  // The default look-back (14 days): the 2021 dialogue is far outside it.
  t = await createTestApp({ SIARAN_INCOMING_QUIET_SEC: '0', SIARAN_CAPTURE_PREROLL_SEC: '0', SIARAN_CAPTURE_POSTROLL_SEC: '0' });
  const s = await seedBasics(t);
  const dir = join(t.dir, 'incoming', s.station.slug);
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    await makeLoggerFile({ path: join(dir, `2021-09-08_09-0${i}-00.mp3`), format: 'mp3', startSec: 60 * i, durationSec: 60 });
  }
  return s;
}

const runs = async (query: string) => (await t.call('GET', `/api/jobs?${query}`, { token: t.coordinator })).json.items;

describe('taking up interrupted runs', () => {
  it('runs a killed "capture now" of a dialogue older than the look-back again at start-up, without counting an attempt', async () => {
    const s = await withLoggers(1);
    await t.jobs.intakeNow();
    const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00:10', '2021-09-08T09:00:50'));
    // What a kill in the middle of the render leaves: the run, still "running", at its second attempt.
    const killed = await t.db
      .insertInto('job_runs')
      .values({ job: 'capture', dialogue_id: d.id, trigger: 'manual', started_at: new Date().toISOString(), outcome: 'running', attempt: 2 })
      .returning('id')
      .executeTakeFirstOrThrow();

    // The next start: recovery, then the queue, before any schedule tick.
    expect((await recoverAfterCrash(t.db, t.dir)).interruptedRuns).toBe(1);
    const resumed = await t.jobs.resumeInterrupted();
    expect(resumed.map((r) => r.id)).toEqual([killed.id]);
    await t.jobs.idle();

    const [again, old] = await runs(`job=capture&dialogue=${d.id}`);
    expect(again).toMatchObject({ trigger: 'manual', outcome: 'attached', attempt: 2 });
    expect(old).toMatchObject({ id: String(killed.id), outcome: 'failed', retryAt: null });
    expect(old.reason).toBe(`interrupted: the process stopped before the run ended; taken up again as run ${again.id}`);
    expect((await t.call('GET', `/api/dialogues/${d.id}`, { token: t.coordinator })).json.audio.durationMs).toBeCloseTo(40_000, -2);
    // Taken up once: a second start has nothing left to resume.
    expect(await t.jobs.resumeInterrupted()).toEqual([]);
  });

  it('resumes a capture the server stopped (SIGTERM) as well as one it was killed in', async () => {
    const s = await withLoggers(1);
    await t.jobs.intakeNow();
    const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00:10', '2021-09-08T09:00:50'));
    const stopped = await t.db
      .insertInto('job_runs')
      .values({ job: 'capture', dialogue_id: d.id, trigger: 'upload', started_at: new Date().toISOString(), finished_at: new Date().toISOString(), outcome: 'failed', reason: 'interrupted: the server was stopping', retry_at: new Date().toISOString(), attempt: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await t.jobs.resumeInterrupted()).map((r) => r.id)).toEqual([stopped.id]);
    await t.jobs.idle();
    expect((await runs(`job=capture&dialogue=${d.id}`))[0]).toMatchObject({ trigger: 'upload', outcome: 'attached' });
  });

  it('records an intake pass from its start, with each file it has taken so far', async () => {
    await withLoggers(3);
    const pass = t.jobs.intakeNow();
    // While the pass runs, its row already exists and lists what it registered.
    let seen: any;
    while (!seen) {
      const [run] = await runs('job=intake');
      if (run?.outcome === 'running' && run.details?.registered.length > 0) seen = run;
      else await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen.details.registered.length).toBeLessThan(3);
    const runId = await pass;
    expect(String(runId)).toBe(seen.id);
    const [done] = await runs('job=intake');
    expect(done).toMatchObject({ id: seen.id, outcome: 'registered' });
    expect(done.details.registered).toHaveLength(3);
    // A pass that finds nothing leaves no row.
    expect(await t.jobs.intakeNow()).toBeNull();
    expect(await runs('job=intake')).toHaveLength(1);
  });

  it('reports a killed intake pass, with the files it took, and runs intake again at start-up', async () => {
    await withLoggers(1);
    await t.db
      .insertInto('job_runs')
      .values({ job: 'intake', trigger: 'schedule', started_at: new Date().toISOString(), outcome: 'running', attempt: 1, details: JSON.stringify({ registered: [{ name: 'x.mp3' }], rejected: [], unknownFolders: [] }) })
      .execute();
    await recoverAfterCrash(t.db, t.dir);
    await t.jobs.resumeInterrupted();
    await t.jobs.idle();
    const [again, killed] = await runs('job=intake');
    expect(killed).toMatchObject({ outcome: 'failed', details: { registered: [{ name: 'x.mp3' }] } });
    expect(killed.reason).toMatch(/^interrupted: .*; taken up again at start-up$/);
    expect(again).toMatchObject({ outcome: 'registered' });
  });
});
