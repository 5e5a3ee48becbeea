import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
beforeEach(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterEach(() => t.close());

describe('coordinator accounts', () => {
  it('logs in with a bearer token and a session cookie, and logs out', async () => {
    const res = await t.call('POST', '/api/auth/login', { body: { email: 'COORD@test.id', password: 'coord-password' } });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ email: 'coord@test.id', role: 'coordinator' });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/siaran_session=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const viaCookie = await t.call('GET', '/api/me', { headers: { cookie: cookie.split(';')[0] as string } });
    expect(viaCookie.json.kind).toBe('user');
    expect((await t.call('GET', '/api/me', { token: res.json.token })).status).toBe(200);

    expect((await t.call('POST', '/api/auth/logout', { token: res.json.token })).status).toBe(204);
    const after = await t.call('GET', '/api/me', { token: res.json.token });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('invalid_token');
  });

  it('refuses a wrong password or an unknown email with the same answer', async () => {
    const wrong = await t.call('POST', '/api/auth/login', { body: { email: 'coord@test.id', password: 'nope' } });
    const unknown = await t.call('POST', '/api/auth/login', { body: { email: 'who@test.id', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);
  });

  it('stores passwords with Argon2id and tokens only as hashes', async () => {
    const user = await t.db.selectFrom('users').selectAll().where('email', '=', 'coord@test.id').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const tokens = await t.db.selectFrom('tokens').select('token_hash').execute();
    for (const { token_hash } of tokens) {
      expect(token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(token_hash).not.toBe(t.coordinator);
    }
  });

  it('lets only admins create accounts', async () => {
    const body = { email: 'new@test.id', name: 'Baru', password: 'long-enough' };
    expect((await t.call('POST', '/api/users', { token: t.coordinator, body })).status).toBe(403);
    expect((await t.call('POST', '/api/users', { token: t.admin, body })).status).toBe(201);
    expect((await t.call('POST', '/api/users', { token: t.admin, body })).status).toBe(409);
  });
});

describe("speakers' personal links", () => {
  async function twoDialogues() {
    const mine = await t.create('/api/dialogues', {
      ...booking(s.station.id, '2031-09-08T09:00', '2031-09-08T10:00'),
      participants: [
        { speakerId: s.suliwati.id, role: 'speaker' },
        { speakerId: s.host.id, role: 'host' },
      ],
    });
    const theirs = await t.create('/api/dialogues', {
      ...booking(s.station.id, '2031-09-09T09:00', '2031-09-09T10:00'),
      participants: [{ speakerId: s.elyanie.id, role: 'speaker' }],
    });
    return { mine, theirs };
  }

  it('shows a speaker their own dialogues only', async () => {
    const { mine, theirs } = await twoDialogues();
    const token = await t.speakerToken(s.suliwati.id);
    const list = await t.call('GET', '/api/me/dialogues', { token });
    expect(list.json.items.map((d: any) => d.id)).toEqual([mine.id]);
    expect((await t.call('GET', `/api/dialogues/${mine.id}`, { token })).status).toBe(200);
    expect((await t.call('GET', `/api/dialogues/${theirs.id}`, { token })).status).toBe(404);
    const all = await t.call('GET', '/api/dialogues', { token });
    expect(all.json.items.map((d: any) => d.id)).toEqual([mine.id]);
    expect((await t.call('GET', `/api/speakers/${s.elyanie.id}`, { token })).status).toBe(404);
  });

  it('lets a speaker confirm or decline their own dialogue, and not another', async () => {
    const { mine, theirs } = await twoDialogues();
    const token = await t.speakerToken(s.suliwati.id);
    const res = await t.call('POST', `/api/me/dialogues/${mine.id}/response`, { token, body: { response: 'confirmed' } });
    expect(res.status).toBe(200);
    expect(res.json.participants.find((p: any) => p.speakerId === s.suliwati.id).response).toBe('confirmed');
    expect((await t.call('POST', `/api/me/dialogues/${theirs.id}/response`, { token, body: { response: 'confirmed' } })).status).toBe(404);
  });

  it('shows a speaker her own contact details but not her co-speakers', async () => {
    const { mine } = await twoDialogues();
    const token = await t.speakerToken(s.suliwati.id);
    const d = await t.call('GET', `/api/dialogues/${mine.id}`, { token });
    expect(d.json.participants.map((p: any) => p.name).sort()).toEqual(['Rahmat', 'Suliwati']);
    const me = await t.call('GET', '/api/me', { token });
    expect(me.json.speaker).toMatchObject({ name: 'Suliwati', email: 'suli@example.id' });
    const host = await t.call('GET', `/api/speakers/${s.host.id}`, { token });
    expect(host.status).toBe(200);
    expect(host.json).not.toHaveProperty('email');
    expect(host.json).not.toHaveProperty('phone');
  });

  it('stops working when revoked, and a new link replaces the old', async () => {
    const first = await t.call('POST', `/api/speakers/${s.suliwati.id}/link`, { token: t.coordinator });
    expect(first.status).toBe(201);
    expect(first.json.url).toContain(first.json.token);
    const second = await t.call('POST', `/api/speakers/${s.suliwati.id}/link`, { token: t.coordinator });
    expect((await t.call('GET', '/api/me', { token: first.json.token })).status).toBe(401);
    expect((await t.call('GET', '/api/me', { token: second.json.token })).status).toBe(200);
    expect((await t.call('DELETE', `/api/speakers/${s.suliwati.id}/link`, { token: t.coordinator })).status).toBe(204);
    expect((await t.call('GET', '/api/me', { token: second.json.token })).status).toBe(401);
    expect((await t.call('DELETE', `/api/speakers/${s.suliwati.id}/link`, { token: t.coordinator })).status).toBe(404);
  });
});

describe('the public', () => {
  it('sees only published dialogues and never contact details', async () => {
    const people = { participants: [{ speakerId: s.suliwati.id, role: 'speaker' }] };
    const published = await t.create('/api/dialogues', { ...booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'), ...people });
    await t.call('PATCH', `/api/dialogues/${published.id}`, { token: t.coordinator, body: { status: 'aired' } });
    await t.call('PATCH', `/api/dialogues/${published.id}`, { token: t.coordinator, body: { status: 'published' } });
    const hidden = await t.create('/api/dialogues', { ...booking(s.station.id, '2021-09-09T09:00', '2021-09-09T10:00'), participants: [{ speakerId: s.elyanie.id, role: 'speaker' }] });

    const list = await t.call('GET', '/api/dialogues');
    expect(list.json.items.map((d: any) => d.id)).toEqual([published.id]);
    expect((await t.call('GET', `/api/dialogues/${hidden.id}`)).status).toBe(404);

    const speakers = await t.call('GET', '/api/speakers');
    expect(speakers.json.items.map((p: any) => p.name)).toEqual(['Suliwati']);
    expect(JSON.stringify(speakers.json)).not.toMatch(/suli@example\.id|\+62/);
    expect((await t.call('GET', `/api/speakers/${s.elyanie.id}`)).status).toBe(404);
    const coordinatorView = await t.call('GET', `/api/speakers/${s.suliwati.id}`, { token: t.coordinator });
    expect(coordinatorView.json).toMatchObject({ email: 'suli@example.id', phone: '+62 811 000' });
  });
});
