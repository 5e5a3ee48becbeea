// A speaker's personal link is read back, not re-issued: the console's "Tautan pribadi
// narasumber" used to issue a new link on every click, silently revoking the one the
// speaker had (and their calendar subscription). Now the API and the console show the
// current link unchanged, and only a confirmed request issues a new one.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, onPostgres, seedBasics, type TestApp } from '../helpers/app.ts';
import { browser, csrfOf } from '../pages/helpers.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterAll(() => t.close());

const coordinator = () => browser(t, { session: t.coordinator });
const speakerCanSignIn = async (token: string) => (await t.call('GET', '/api/me', { token })).status === 200;

describe('the current link through the API', () => {
  it('answers 404 before any link exists, then the issued link, unchanged, as often as asked', async () => {
    expect((await t.call('GET', `/api/speakers/${s.elyanie.id}/link`, { token: t.coordinator })).status).toBe(404);
    const issued = await t.call('POST', `/api/speakers/${s.elyanie.id}/link`, { token: t.coordinator });
    expect(issued.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const read = await t.call('GET', `/api/speakers/${s.elyanie.id}/link`, { token: t.coordinator });
      expect(read.status).toBe(200);
      expect(read.json).toEqual(issued.json);
    }
    expect(await speakerCanSignIn(issued.json.token)).toBe(true);
  });

  it('is for coordinators only, and 404 for an unknown speaker or after revoking', async () => {
    const token = await t.speakerToken(s.host.id);
    expect((await t.call('GET', `/api/speakers/${s.host.id}/link`)).status).toBe(401);
    expect((await t.call('GET', `/api/speakers/${s.host.id}/link`, { token })).status).toBe(403);
    expect((await t.call('GET', '/api/speakers/nobody/link', { token: t.coordinator })).status).toBe(404);
    await t.call('DELETE', `/api/speakers/${s.host.id}/link`, { token: t.coordinator });
    expect((await t.call('GET', `/api/speakers/${s.host.id}/link`, { token: t.coordinator })).status).toBe(404);
  });

  it('keeps the token encrypted with a key file (mode 0600) beside the database, never in clear', async () => {
    const issued = await t.call('POST', `/api/speakers/${s.suliwati.id}/link`, { token: t.coordinator });
    const key = fs.statSync(path.join(t.dir, 'link.key'));
    expect(key.mode & 0o777).toBe(0o600);
    const row = await t.db.selectFrom('tokens').select(['secret', 'token_hash']).where('speaker_id', '=', s.suliwati.id).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
    expect(row.secret).toBeTruthy();
    expect(row.secret).not.toContain(issued.json.token);
    if (onPostgres) {
      // No file to read: every row of every table instead.
      for (const table of await t.db.introspection.getTables()) {
        const rows = (await sql.raw(`select * from "${table.name}"`).execute(t.db)).rows;
        expect(JSON.stringify(rows)).not.toContain(issued.json.token);
      }
    } else {
      expect(fs.readFileSync(t.config.databasePath).includes(Buffer.from(issued.json.token))).toBe(false);
    }
    // Sign-in tokens stay hashes only.
    const sessions = await t.db.selectFrom('tokens').select('secret').where('kind', '=', 'session').execute();
    expect(sessions.every((x) => x.secret === null)).toBe(true);
  });

  it('says a link issued before links were readable cannot be shown (409), and a new one can be issued', async () => {
    const old = await t.speakerToken(s.elyanie.id);
    // What a link issued by the earlier code looks like: a hash and nothing to read back.
    await t.db.updateTable('tokens').set({ secret: null }).where('speaker_id', '=', s.elyanie.id).where('revoked_at', 'is', null).execute();
    const read = await t.call('GET', `/api/speakers/${s.elyanie.id}/link`, { token: t.coordinator });
    expect(read.status).toBe(409);
    expect(read.json.error.code).toBe('link_unreadable');
    expect(await speakerCanSignIn(old)).toBe(true);
    const page = await coordinator().get(`/console/speakers/${s.elyanie.id}/link`);
    expect(page.html).toContain('tidak dapat ditampilkan');
  });
});

describe("the console's personal-link button", () => {
  it('shows the link the speaker already has without revoking it (a click used to revoke it)', async () => {
    const dialogue = await t.create('/api/dialogues', {
      title: 'Dialog KIM', stationId: s.station.id, startsAt: '2031-01-05T09:00', endsAt: '2031-01-05T10:00',
      participants: [{ speakerId: s.suliwati.id, role: 'speaker' }],
    });
    const current = (await t.call('GET', `/api/speakers/${s.suliwati.id}/link`, { token: t.coordinator })).json;
    const admin = await coordinator().get(`/console/dialogues/${dialogue.id}`);
    // Follow the button as a browser would.
    const href = /<a class="button secondary" href="([^"]+)">Tautan pribadi narasumber<\/a>/.exec(admin.html)?.[1]?.replaceAll('&amp;', '&');
    expect(href).toBe(`/console/speakers/${s.suliwati.id}/link?dialogue=${dialogue.id}`);
    const page = await coordinator().get(href as string);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`value="${current.url}"`);
    expect(page.html).toContain('data-copy="current-link"');
    expect(await speakerCanSignIn(current.token)).toBe(true);
    expect((await t.call('GET', `/calendar/speakers/${current.token}.ics`)).status).toBe(200);
  });

  it('issues a new link only after the confirmation, and the old one then stops working', async () => {
    const old = (await t.call('GET', `/api/speakers/${s.suliwati.id}/link`, { token: t.coordinator })).json;
    const page = await coordinator().get(`/console/speakers/${s.suliwati.id}/link`);
    expect(page.html).toContain('berhenti berfungsi');
    const unconfirmed = await coordinator().post(`/console/speakers/${s.suliwati.id}/link`, { _csrf: csrfOf(page.html), dialogueId: '' });
    expect(unconfirmed.status).toBe(400);
    expect(await speakerCanSignIn(old.token)).toBe(true);

    const confirmed = await coordinator().post(`/console/speakers/${s.suliwati.id}/link`, { _csrf: csrfOf(page.html), dialogueId: '', confirm: 'yes' });
    expect(confirmed.status).toBe(303);
    const after = await coordinator().get(confirmed.headers.get('location') as string);
    const fresh = (await t.call('GET', `/api/speakers/${s.suliwati.id}/link`, { token: t.coordinator })).json;
    expect(fresh.token).not.toBe(old.token);
    expect(after.html).toContain(`value="${fresh.url}"`);
    expect(after.html).toContain('Tautan baru diterbitkan');
    expect(await speakerCanSignIn(old.token)).toBe(false);
    expect(await speakerCanSignIn(fresh.token)).toBe(true);
  });
});
