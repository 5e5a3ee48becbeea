// A response cache for reads that depend only on the URL, the caller and the data: lists of
// dialogues, stations, people, topics, search. An answer is kept with the database's data
// version and served again until anything is written, with an ETag for 304 revalidation on
// slow phone connections. Answers are keyed by caller, so nobody is served another's view.
// Mount it only on routes whose answer does not depend on the clock.
//
// Two choices keep it from costing the requests it does not serve:
// - The ETag is computed from what the answer depends on (caller, URL, data version), never
//   from the body, so a 304 needs no stored body. A salt per process keeps an ETag handed
//   out before a restart (when version counters start again) from ever matching.
// - A body is kept from the second time a URL is asked for at the same data version. Most
//   search URLs are asked for once, and reading a body back out of a response (which turns
//   @hono/node-server's plain string into a web stream) cost more than searching for a
//   rare word.
import { createHash, randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Actor } from '../auth/actor.ts';
import { type Db, dataVersion } from '../db/connection.ts';
import type { AppEnv } from './api.ts';

const MAX_BYTES = 32 * 1024 * 1024;
const MAX_BODY_BYTES = 512 * 1024;
/** URLs remembered as asked for once: enough to notice a second request for any of them soon after. */
const MAX_SEEN = 10_000;
const cacheableType = /^(application\/(json|xml|rss\+xml)|text\/(plain|vtt|calendar|xml))\b/;

type Entry = { version: string; status: number; body: Uint8Array<ArrayBuffer>; headers: [string, string][] };

const callerKey = (actor: Actor) =>
  actor.kind === 'user' ? `user:${actor.id}` : actor.kind === 'speaker' ? `speaker:${actor.speakerId}` : 'public';

export function responseCache(db: Db): MiddlewareHandler<AppEnv> {
  const salt = randomUUID();
  const entries = new Map<string, Entry>();
  /** The data version at which each URL not yet kept was last answered. */
  const seen = new Map<string, string>();
  let bytes = 0;
  const evictOldest = () => {
    const [key, entry] = entries.entries().next().value as [string, Entry];
    entries.delete(key);
    bytes -= entry.body.byteLength;
  };

  return async (c, next) => {
    // Ranges of media are served by their own handler, which does its own conditional answers.
    if (c.req.method !== 'GET' || c.req.header('range')) return next();
    const version = await dataVersion(db);
    const key = `${callerKey(c.get('actor'))} ${c.req.url}`;
    const etag = `W/"${createHash('sha1').update(salt).update(version).update(key).digest('base64url').slice(0, 20)}"`;
    // Only a cacheable answer carries this ETag, so a client can only send it back for one.
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag });
    const hit = entries.get(key);
    if (hit && hit.version === version) return new Response(hit.body, { status: hit.status, headers: hit.headers });
    await next();
    const res = c.res;
    if (res.status !== 200 || res.headers.has('set-cookie') || !cacheableType.test(res.headers.get('content-type') ?? '')) return;
    res.headers.set('etag', etag);
    if (seen.get(key) !== version) {
      seen.delete(key);
      if (seen.size >= MAX_SEEN) seen.delete(seen.keys().next().value as string);
      seen.set(key, version);
      return;
    }
    seen.delete(key);
    // Headers first: reading the body rebuilds the response from what the handler gave it.
    const headers = [...res.headers.entries()];
    const body = new Uint8Array(await res.arrayBuffer());
    // The body has been read: answer with the bytes. Unset first, or Hono would merge the
    // old response's headers into a copy of the new one, turning it into a stream again.
    c.res = undefined;
    c.res = new Response(body, { status: res.status, headers });
    if (body.byteLength === 0 || body.byteLength > MAX_BODY_BYTES) return;
    if (hit) {
      entries.delete(key);
      bytes -= hit.body.byteLength;
    }
    while (entries.size > 0 && bytes + body.byteLength > MAX_BYTES) evictOldest();
    // Kept with the version read before the handler ran: a write meanwhile makes it stale at once.
    entries.set(key, { version, status: res.status, body, headers });
    bytes += body.byteLength;
  };
}
