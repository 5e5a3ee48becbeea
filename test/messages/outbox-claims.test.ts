// Two instances' outbox passes at once on one database, as when a pass outlasts its tick and
// another instance's next pass begins: each message is claimed before it is sent, so each is
// delivered once, whichever pass sends it. Two connections to the one database (the SQLite
// file, or the PostgreSQL database of the run) and a real SMTP server slow to answer, so the
// passes overlap message by message.
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/connection.ts';
import type { Db } from '../../src/db/connection.ts';
import { Outbox } from '../../src/jobs/outbox.job.ts';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { startSmtp } from './smtp.ts';

const PEOPLE = 12;

let t: TestApp;
let other: Db;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
afterEach(async () => {
  await other?.destroy();
  await t?.close();
  await smtp?.stop();
});

describe('two outbox passes at once', () => {
  it('deliver each message once, between them', async () => {
    smtp = await startSmtp({ beforeAccepting: () => new Promise((resolve) => setTimeout(resolve, 100)) });
    t = await createTestApp({ SIARAN_SMTP_URL: smtp.url, SIARAN_MAIL_FROM: 'Siaran RRI <siaran@rri.test>' });
    other = connectDatabase(t.config);
    const s = await seedBasics(t);
    const people = [];
    for (let i = 0; i < PEOPLE; i++) people.push(await t.create('/api/speakers', { name: `Narasumber ${i}`, email: `orang${i}@example.id` }));
    const date = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    await t.create('/api/dialogues', { ...booking(s.station.id, `${date}T09:00`, `${date}T10:00`), participants: people.map((p) => ({ speakerId: p.id, role: 'speaker' })) });
    const queued = await t.db.selectFrom('messages').select(['to_email', 'message_id']).where('status', '=', 'pending').execute();
    expect(queued).toHaveLength(PEOPLE);

    const instances = [new Outbox(t.db, t.config), new Outbox(other, t.config)];
    try {
      const passes = await Promise.all(instances.map((outbox) => outbox.run()));
      // Both passes sent some: they ran side by side over the same due messages.
      expect(passes.map((p) => p.sent).every((n) => n > 0)).toBe(true);
      expect(passes[0]!.sent + passes[1]!.sent).toBe(PEOPLE);
    } finally {
      await Promise.all(instances.map((outbox) => outbox.stop()));
    }
    expect(smtp.received.map((m) => m.parsed.messageId).sort()).toEqual(queued.map((m) => m.message_id).sort());
    expect(await t.db.selectFrom('messages').select('status').where('status', '!=', 'sent').execute()).toEqual([]);
  });
});
