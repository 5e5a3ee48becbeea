// A response cache for reads that depend only on the URL, the caller and the data: lists of
// dialogues, stations, people, topics, search. An answer is kept with the database's data
// version and served again until anything is written, with an ETag for 304 revalidation on
// slow phone connections. Answers are keyed by caller, so nobody is served another's view.
// Mount it only on routes whose answer does not depend on the clock.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Actor } from '../auth/actor.ts';
import { type Db, dataVersion } from '../db/connection.ts';
import type { AppEnv } from './api.ts';

const MAX_BYTES = 32 * 1024 * 1024;
const MAX_BODY_BYTES = 512 * 1024;
const cacheableType = /^(application\/(json|xml|rss\+xml)|text\/(plain|vtt|calendar|xml))\b/;

type Entry = { version: string; etag: string; status: number; body: ArrayBuffer; headers: [string, string][] };

const callerKey = (actor: Actor) =>
  actor.kind === 'user' ? `user:${actor.id}` : actor.kind === 'speaker' ? `speaker:${actor.speakerId}` : 'public';

export function responseCache(db: Db): MiddlewareHandler<AppEnv> {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const evictOldest = () => {
    const [key, entry] = entries.entries().next().value as [string, Entry];
    entries.delete(key);
    bytes -= entry.body.byteLength;
  };

  return async (c, next) => {
    // Ranges of media are served by their own handler, which does its own conditional answers.
    if (c.req.method !== 'GET' || c.req.header('range')) return next();
    const version = dataVersion(db);
    const key = `${callerKey(c.get('actor'))} ${c.req.url}`;
    const hit = entries.get(key);
    if (hit && hit.version === version) {
      if (c.req.header('if-none-match') === hit.etag) return c.body(null, 304, { etag: hit.etag });
      return new Response(hit.body, { status: hit.status, headers: hit.headers });
    }
    await next();
    const res = c.res;
    if (res.status !== 200 || res.headers.has('set-cookie') || !res.body || !cacheableType.test(res.headers.get('content-type') ?? '')) return;
    const body = await res.clone().arrayBuffer();
    if (body.byteLength > MAX_BODY_BYTES) return;
    const etag = `W/"${createHash('sha1').update(version).update(key).digest('base64url').slice(0, 20)}"`;
    c.res.headers.set('etag', etag);
    if (hit) {
      entries.delete(key);
      bytes -= hit.body.byteLength;
    }
    while (entries.size > 0 && bytes + body.byteLength > MAX_BYTES) evictOldest();
    // Kept with the version read before the handler ran: a write meanwhile makes it stale at once.
    entries.set(key, { version, etag, status: res.status, body, headers: [...c.res.headers.entries()] });
    bytes += body.byteLength;
  };
}
