// The daily digest after downtime: a day whose digest time passed while every instance was
// down gets its digest when an instance starts, once however many instances start.
import cron from 'node-cron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestJob } from '../../src/jobs/outbox.job.ts';
import { lastSlotToday, startScheduler } from '../../src/jobs/scheduler.ts';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  const d = new Date(2026, 11, 7, h, m, 40);
  return d;
};

describe('the daily digest after downtime', () => {
  it("finds today's latest slot, never yesterday's", async () => {
    const seven = cron.createTask('0 7 * * *', () => undefined);
    const late = cron.createTask('30 23 * * *', () => undefined);
    expect(lastSlotToday(seven, at('06:59'))).toBeNull();
    expect(lastSlotToday(seven, at('07:00'))).toEqual(new Date(2026, 11, 7, 7, 0, 0));
    expect(lastSlotToday(seven, at('18:15'))).toEqual(new Date(2026, 11, 7, 7, 0, 0));
    expect(lastSlotToday(late, at('00:10'))).toBeNull();
    await seven.destroy();
    await late.destroy();
  });

  it('queues the digest at start when its time passed today, once across instances', async () => {
    const s = await seedBasics(t);
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await t.create('/api/dialogues', {
      title: 'Literasi Digital', stationId: s.station.id, startsAt: `${inTwoDays}T09:00`, endsAt: `${inTwoDays}T10:00`,
      participants: [{ speakerId: s.suliwati.id, role: 'speaker' }],
    });
    const digests = async () => (await t.db.selectFrom('messages').select('user_id').where('kind', '=', 'digest').execute()).length;

    // The current minute has begun, so its tick is past: as if the instance was down then.
    const now = new Date();
    const config = { ...t.config, mail: { ...t.config.mail, digestSchedule: `${now.getMinutes()} ${now.getHours()} * * *` } };
    const first = startScheduler(t.db, t.jobs, config.capture, [digestJob(t.db, config)]);
    const second = startScheduler(t.db, t.jobs, config.capture, [digestJob(t.db, config)]);
    await first.stop();
    await second.stop();
    // The seeded admin and coordinator look after every station: one digest each.
    expect(await digests()).toBe(2);

    // A schedule whose time has not come today queues nothing at start.
    await t.db.deleteFrom('messages').execute();
    const later = new Date(Date.now() + 3_600_000);
    if (later.getDate() === now.getDate()) {
      const notYet = { ...t.config, mail: { ...t.config.mail, digestSchedule: `${later.getMinutes()} ${later.getHours()} * * *` } };
      const third = startScheduler(t.db, t.jobs, notYet.capture, [digestJob(t.db, notYet)]);
      await third.stop();
      expect(await digests()).toBe(0);
    }
  });
});
