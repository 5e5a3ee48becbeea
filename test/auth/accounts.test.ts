// Issue 13, "Account safety": sign-in throttling that tells nobody which accounts exist,
// the record of sign-ins, password changes, and admins disabling accounts and changing roles.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FAILURES_PER_ACCOUNT, MAX_TOKEN_FAILURES_PER_ADDRESS } from '../../src/auth/throttle.ts';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const signIn = (email: string, password: string) => t.call('POST', '/api/auth/login', { body: { email, password } });

describe('sign-in throttling', () => {
  it('answers 429 too_many_attempts with Retry-After after 10 wrong passwords, and then refuses even the right one', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) expect((await signIn('coord@test.id', `salah-${i}`)).status).toBe(401);
    const blocked = await signIn('coord@test.id', 'coord-password');
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe('too_many_attempts');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(blocked.json.error.message).toMatch(/Coba lagi dalam 15 menit/);
  });

  it('throttles an unknown email exactly like a known one, so the answers reveal no account', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i <= MAX_FAILURES_PER_ACCOUNT; i++) {
      known.push((await signIn('coord@test.id', 'salah')).status);
      unknown.push((await signIn('nobody@test.id', 'salah')).status);
    }
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toBe(429);
  });

  it('limits one address across many emails, and a success of its own does not reset that count', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await signIn(`orang${i}@test.id`, 'salah')).status);
      if (i === 20) expect((await signIn('coord@test.id', 'coord-password')).status).toBe(200);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('records sign-ins and failures, and a success lets the person start afresh', async () => {
    await signIn('coord@test.id', 'salah');
    expect((await signIn('coord@test.id', 'coord-password')).status).toBe(200);
    const rows = await t.db.selectFrom('sign_in_attempts').select(['account', 'succeeded']).where('kind', '=', 'password').orderBy('id').execute();
    expect(rows.slice(-2)).toEqual([
      { account: 'coord@test.id', succeeded: 0 },
      { account: 'coord@test.id', succeeded: 1 },
    ]);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) await signIn('coord@test.id', 'salah');
    expect((await signIn('coord@test.id', 'coord-password')).status).toBe(200);
  });

  it('throttles probing for personal links: unknown tokens from one address end in 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= MAX_TOKEN_FAILURES_PER_ADDRESS; i++) {
      statuses.push((await t.call('GET', '/api/me', { token: `tebakan-token-yang-salah-${String(i).padStart(4, '0')}` })).status);
    }
    expect(statuses.slice(0, MAX_TOKEN_FAILURES_PER_ADDRESS).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // The portal and the calendar by link are behind the same limit.
    expect((await t.call('GET', '/s/tebakan-token-yang-salah-lagi-0000')).status).toBe(429);
    expect((await t.call('GET', '/calendar/speakers/tebakan-token-yang-salah-lagi-0000.ics')).status).toBe(429);
  });
});

describe('passwords', () => {
  it('changes my password: the old one stops working, my other sessions end, this one goes on', async () => {
    const other = (await signIn('coord@test.id', 'coord-password')).json.token;
    const res = await t.call('POST', '/api/me/password', { token: t.coordinator, body: { currentPassword: 'coord-password', newPassword: 'kata-sandi-baru' } });
    expect(res.status).toBe(204);
    expect((await signIn('coord@test.id', 'coord-password')).status).toBe(401);
    expect((await signIn('coord@test.id', 'kata-sandi-baru')).status).toBe(200);
    expect((await t.call('GET', '/api/stations', { token: other })).status).toBe(401);
    expect((await t.call('GET', '/api/stations', { token: t.coordinator })).status).toBe(200);
  });

  it('refuses a wrong current password (counted as a failed sign-in) and a short new one', async () => {
    const wrong = await t.call('POST', '/api/me/password', { token: t.coordinator, body: { currentPassword: 'salah', newPassword: 'kata-sandi-baru' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.details.fields[0]).toMatchObject({ path: 'currentPassword' });
    const short = await t.call('POST', '/api/me/password', { token: t.coordinator, body: { currentPassword: 'coord-password', newPassword: 'pendek' } });
    expect(short.status).toBe(400);
    expect(short.json.error.details.fields[0]).toEqual({ path: 'newPassword', message: 'paling sedikit 8 karakter' });
    const failures = await t.db.selectFrom('sign_in_attempts').selectAll().where('succeeded', '=', 0).execute();
    expect(failures).toHaveLength(1);
  });
});

describe('accounts', () => {
  const users = async () => (await t.call('GET', '/api/users', { token: t.admin })).json.items as { id: string; email: string; role: string; disabled: boolean }[];

  it('lets an admin disable an account: its sessions end at once and it cannot sign in; enabling restores sign-in', async () => {
    const coord = (await users()).find((u) => u.email === 'coord@test.id')!;
    expect((await t.call('GET', '/api/stations', { token: t.coordinator })).status).toBe(200);
    const res = await t.call('PATCH', `/api/users/${coord.id}`, { token: t.admin, body: { disabled: true } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ email: 'coord@test.id', disabled: true });
    expect((await t.call('GET', '/api/stations', { token: t.coordinator })).status).toBe(401);
    const refused = await signIn('coord@test.id', 'coord-password');
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('account_disabled');
    await t.call('PATCH', `/api/users/${coord.id}`, { token: t.admin, body: { disabled: false } });
    expect((await signIn('coord@test.id', 'coord-password')).status).toBe(200);
  });

  it('changes roles, keeps one active admin, and leaves account changes to admins', async () => {
    const list = await users();
    const coord = list.find((u) => u.email === 'coord@test.id')!;
    const admin = list.find((u) => u.email === 'admin@test.id')!;
    expect((await t.call('PATCH', `/api/users/${coord.id}`, { token: t.coordinator, body: { role: 'admin' } })).status).toBe(403);
    const last = await t.call('PATCH', `/api/users/${admin.id}`, { token: t.admin, body: { disabled: true } });
    expect(last.status).toBe(409);
    expect(last.json.error.code).toBe('last_admin');
    expect((await t.call('PATCH', `/api/users/${coord.id}`, { token: t.admin, body: { role: 'admin' } })).json.role).toBe('admin');
    expect((await t.call('PATCH', `/api/users/${admin.id}`, { token: t.admin, body: { role: 'coordinator' } })).status).toBe(200);
    expect((await t.call('GET', '/api/users', { token: t.admin })).status).toBe(403);
  });
});
