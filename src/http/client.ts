// The address a request came from, for throttling and the sign-in record: the socket's peer
// (Hono's node-server keeps the Node request in c.env.incoming), or, when that peer is a
// proxy the operator trusts (SIARAN_TRUSTED_PROXIES, e.g. nginx on 127.0.0.1), the address
// that proxy put in X-Forwarded-For. Requests made in-process (tests, app.request()) have no
// socket and count as "local".
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './api.ts';

const peerAddress = (c: Context) =>
  (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'local';

/** IPv4 peers of a dual-stack socket read "::ffff:127.0.0.1"; the setting names "127.0.0.1". */
const plain = (address: string) => address.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

/**
 * Sets the request's client address once, for clientAddress(). X-Forwarded-For is read from
 * the right: each trusted proxy appends the address it received from, so the first entry
 * not a trusted proxy is the client; anything to its left may be made up by the client.
 */
export function identifyClient(trustedProxies: string[]): MiddlewareHandler<AppEnv> {
  const trusted = new Set(trustedProxies.map(plain));
  return async (c, next) => {
    let client = plain(peerAddress(c));
    if (trusted.has(client)) {
      const chain = (c.req.header('x-forwarded-for') ?? '').split(',').map(plain).filter((a) => a !== '');
      while (chain.length > 0 && trusted.has(client)) client = chain.pop()!;
    }
    c.set('client', client);
    await next();
  };
}

export function clientAddress(c: Context<AppEnv>): string {
  return c.var.client ?? plain(peerAddress(c));
}
