import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
let server: ReturnType<typeof serve>;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

const post = (body: unknown) =>
  fetch(`${base}/api/dialogues`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.coordinator}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('concurrent bookings', () => {
  it('lets exactly one of 50 simultaneous bookings of overlapping slots win', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post({ ...booking(s.station.id, `2021-09-08T09:${String(i).padStart(2, '0')}`, '2021-09-08T10:30'), title: `Dialog ${i}` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    expect(statuses.filter((x) => x === 409)).toHaveLength(49);
    const stored = await t.db.selectFrom('dialogues').select('id').execute();
    expect(stored).toHaveLength(1);
  });

  it('lets exactly one of 50 bookings of the same person on different stations win', async () => {
    const stations = [];
    for (let i = 0; i < 50; i++) stations.push(await t.create('/api/stations', { name: `Stasiun ${i}`, timezone: 'Asia/Makassar' }));
    const responses = await Promise.all(
      stations.map((station) =>
        post({ ...booking(station.id, '2022-01-05T09:00', '2022-01-05T10:00'), participants: [{ speakerId: s.elyanie.id, role: 'speaker' }] }),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(49);
  });
});
