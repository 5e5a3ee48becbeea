// The one Prometheus registry every metric registers on; GET /metrics renders it (src/http/metrics.ts).
import { Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });
