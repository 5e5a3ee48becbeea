// GET /api/jobs: every run, newest first, in pages, filtered; one run by id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, booking, createTestApp, seedBasics } from '../helpers/app.ts';

let t: TestApp;
const ids: string[] = [];
beforeAll(async () => {
  t = await createTestApp();
  const s = await seedBasics(t);
  for (const day of ['08', '09', '10']) {
    const d = await t.create('/api/dialogues', booking(s.station.id, `2021-09-${day}T09:00`, `2021-09-${day}T10:00`));
    ids.push(d.id);
    // No recordings: each run is skipped, quickly.
    await (await t.jobs.captureNow(d.id, 'manual')).done;
  }
});
afterAll(() => t.close());

const get = (url: string) => t.call('GET', url, { token: t.coordinator });

describe('listing job runs', () => {
  it('pages through the runs, newest first', async () => {
    const first = await get('/api/jobs?limit=2');
    expect(first.status).toBe(200);
    expect(first.json.items.map((r: any) => r.dialogueId)).toEqual([ids[2], ids[1]]);
    const second = await get(`/api/jobs?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.items.map((r: any) => r.dialogueId)).toEqual([ids[0]]);
    expect(second.json.nextCursor).toBeNull();
  });

  it('filters by job, dialogue and outcome, and reads one run', async () => {
    expect((await get(`/api/jobs?dialogue=${ids[1]}`)).json.items).toHaveLength(1);
    expect((await get('/api/jobs?outcome=skipped&job=capture')).json.items).toHaveLength(3);
    expect((await get('/api/jobs?outcome=attached')).json.items).toHaveLength(0);
    const run = (await get('/api/jobs?limit=1')).json.items[0];
    expect((await get(`/api/jobs/${run.id}`)).json).toEqual(run);
    expect(run).toMatchObject({ job: 'capture', trigger: 'manual', outcome: 'skipped', attempt: 1, error: null });
    expect(run.reason).toMatch(/^no recording covers/);
  });

  it('answers 400 for bad filters and ids, 404 for an unknown run', async () => {
    expect((await get('/api/jobs?outcome=exploded')).status).toBe(400);
    expect((await get('/api/jobs?cursor=nonsense')).status).toBe(400);
    expect((await get('/api/jobs/abc')).status).toBe(400);
    expect((await get('/api/jobs/424242')).status).toBe(404);
  });
});
