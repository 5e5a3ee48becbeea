// The address a request came from, for throttling and the sign-in record. The socket's
// peer address (Hono's node-server keeps the Node request in c.env.incoming); requests
// made in-process (tests, app.request()) have none and count as "local".
import type { Context } from 'hono';

export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
