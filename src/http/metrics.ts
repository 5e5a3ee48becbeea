// GET /metrics (Prometheus text) and the HTTP metrics: request counts and latencies by route
// and status. The jobs' metrics live beside the jobs (src/jobs/jobs.metrics.ts); the media
// folder's size and free space are read when /metrics is.
//
// /metrics says how busy the server is, what fails and how full its disk is: nothing for the
// public. It answers only a bearer token equal to SIARAN_METRICS_TOKEN; without that setting it
// answers 404, as if absent. "Open on loopback" was the alternative, and rejected: behind a
// reverse proxy on the same machine every request comes from loopback.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram } from 'prom-client';
import { spaceOf } from '../audio/space.ts';
import { AppError, said } from '../errors.ts';
import { queueAge, queueLength } from '../jobs/jobs.metrics.ts';
import { mediaBytes } from '../recordings/recordings.repository.ts';
import { registry } from '../metrics/registry.ts';
import type { AppEnv, Deps } from './api.ts';

const requests = new Counter({
  name: 'siaran_http_requests_total',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});
const duration = new Histogram({
  name: 'siaran_http_request_duration_seconds',
  help: 'HTTP request duration by method and route',
  labelNames: ['method', 'route'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

const mediaSize = new Gauge({
  name: 'siaran_media_bytes',
  help: 'Bytes of audio the archive keeps, by kind (recordings, dialogues, uploads), as recorded in the database',
  labelNames: ['kind'] as const,
  registers: [registry],
});
const freeSpace = new Gauge({ name: 'siaran_media_free_bytes', help: 'Free bytes on the file system of the media folder', registers: [registry] });
const totalSpace = new Gauge({ name: 'siaran_media_filesystem_bytes', help: 'Size of the file system of the media folder', registers: [registry] });
const minFree = new Gauge({ name: 'siaran_media_min_free_bytes', help: 'SIARAN_MIN_FREE_MB: below it intake and capture stop', registers: [registry] });

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether the request carries the metrics token; compared in constant time. */
function authorised(c: Context<AppEnv>, token: string): boolean {
  const sent = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  return sent !== undefined && timingSafeEqual(digest(sent), digest(token));
}

export function metricsRoute({ db, config, jobs }: Deps) {
  return async (c: Context<AppEnv>) => {
    if (!config.metricsToken) throw new AppError(404, 'not_found', said(`Tidak ada apa pun di ${c.req.method} ${c.req.path}.`, `Nothing at ${c.req.method} ${c.req.path}.`));
    if (!authorised(c, config.metricsToken)) {
      c.header('www-authenticate', 'Bearer realm="metrics"');
      throw new AppError(401, 'unauthenticated', said('Kirim token metrik (SIARAN_METRICS_TOKEN) sebagai token bearer.', 'Send the metrics token (SIARAN_METRICS_TOKEN) as a bearer token.'));
    }
    const waiting = await jobs.queueState();
    queueLength.set(waiting.length);
    queueAge.set(waiting.oldestMs / 1000);
    for (const [kind, bytes] of Object.entries(await mediaBytes(db))) mediaSize.set({ kind }, bytes);
    const space = await spaceOf(config.mediaDir);
    freeSpace.set(space.freeBytes);
    totalSpace.set(space.totalBytes);
    minFree.set(config.storage.minFreeBytes);
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  };
}

export const observeRequests: MiddlewareHandler = async (c, next) => {
  const started = performance.now();
  await next();
  // The matched pattern, not the raw path, keeps label cardinality bounded.
  const route = routePath(c, -1);
  requests.inc({ method: c.req.method, route, status: String(c.res.status) });
  duration.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
};
