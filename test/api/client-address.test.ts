// Whose address a sign-in is recorded and throttled under: the socket's peer, or, when that
// peer is a proxy named in SIARAN_TRUSTED_PROXIES, the client nginx put in X-Forwarded-For.
// A client cannot choose its own address by sending the header to Siaran directly.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { listen } from '../helpers/server.ts';

let t: TestApp;
let server: Awaited<ReturnType<typeof listen>> | undefined;
afterEach(async () => {
  await server?.close();
  await t?.close();
});

async function failedSignInFrom(env: Record<string, string>, forwardedFor: string | null): Promise<string> {
  t = await createTestApp(env);
  server = await listen(t.app, t.config.bodyLimitBytes);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (forwardedFor !== null) headers['x-forwarded-for'] = forwardedFor;
  const res = await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers, body: JSON.stringify({ email: 'nobody@rri.id', password: 'wrong-password' }) });
  expect(res.status).toBe(401);
  const [attempt] = await t.db.selectFrom('sign_in_attempts').select('address').where('account', '=', 'nobody@rri.id').execute();
  return attempt!.address;
}

describe("a request's address", () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    expect(await failedSignInFrom({}, '203.0.113.9')).toBe('127.0.0.1');
  });

  it("is the address a trusted proxy forwarded, read from the right past every trusted proxy", async () => {
    expect(await failedSignInFrom({ SIARAN_TRUSTED_PROXIES: '127.0.0.1' }, '203.0.113.9')).toBe('203.0.113.9');
  });

  it('ignores what the client wrote to the left of the first untrusted address', async () => {
    expect(await failedSignInFrom({ SIARAN_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.2' }, '198.51.100.1, 203.0.113.9, 10.0.0.2')).toBe('203.0.113.9');
  });

  it('is the trusted peer itself when it forwarded nothing', async () => {
    expect(await failedSignInFrom({ SIARAN_TRUSTED_PROXIES: '127.0.0.1' }, null)).toBe('127.0.0.1');
  });

  it('refuses a setting that is not a list of addresses, and a media prefix that is not a path', () => {
    expect(() => loadConfig({ SIARAN_TRUSTED_PROXIES: 'nginx.local' })).toThrow(/SIARAN_TRUSTED_PROXIES: harus berupa alamat IP yang dipisah koma/);
    expect(() => loadConfig({ SIARAN_MEDIA_ACCEL_PREFIX: '_media' })).toThrow(/SIARAN_MEDIA_ACCEL_PREFIX: harus berupa jalur yang diawali dan diakhiri "\/"/);
  });
});
