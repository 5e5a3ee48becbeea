// Prometheus metrics for /metrics: request counts and latencies by route and status.
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const registry = new Registry();
collectDefaultMetrics({ register: registry });

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

export const metrics = { registry };

export const observeRequests: MiddlewareHandler = async (c, next) => {
  const started = performance.now();
  await next();
  // The matched pattern, not the raw path, keeps label cardinality bounded.
  const route = routePath(c, -1);
  requests.inc({ method: c.req.method, route, status: String(c.res.status) });
  duration.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
};
