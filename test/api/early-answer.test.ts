// A client still sending a body gets the answer the app gave before reading it (401, 404, 415,
// 400, 413), never a dropped connection: through the real server layer (src/http/server.ts)
// on a real port, with undici (Node's fetch) as the client.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.ts';
import { listen } from '../helpers/server.ts';

let t: TestApp;
let server: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  t = await createTestApp();
  server = await listen(t.app, t.config.bodyLimitBytes);
});
afterAll(async () => {
  await server.close();
  await t.close();
});

const KB = 1024;
/** A body sent in pieces with no declared length (chunked), as a stream. */
const chunkedBody = (bytes: number) => {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const piece = new Uint8Array(Math.min(64 * KB, bytes - sent)).fill(97);
      sent += piece.length;
      controller.enqueue(piece);
    },
  });
};

type Case = { label: string; method: string; path: string; headers: Record<string, string>; body: () => BodyInit; status: number; code: string };

describe('answering before the body is read', () => {
  it('gives 1,000 clients still sending 200 KB to 2 MB bodies their answer, with no connection error', async () => {
    const token = { authorization: `Bearer ${t.coordinator}` };
    const json = { 'content-type': 'application/json' };
    const body200k = Buffer.alloc(200 * KB, 97);
    const body2m = Buffer.alloc(2048 * KB, 97);
    const cases: Case[] = [
      { label: 'no credentials', method: 'POST', path: '/api/dialogues', headers: json, body: () => body200k, status: 401, code: 'unauthenticated' },
      { label: 'not JSON', method: 'POST', path: '/api/dialogues', headers: { ...token, 'content-type': 'text/plain' }, body: () => body200k, status: 415, code: 'unsupported_media_type' },
      { label: 'nowhere', method: 'PUT', path: '/api/nowhere', headers: json, body: () => body200k, status: 404, code: 'not_found' },
      { label: 'bad JSON', method: 'POST', path: '/api/dialogues', headers: { ...token, ...json }, body: () => body200k, status: 400, code: 'invalid_request' },
      { label: 'declared past the limit', method: 'POST', path: '/api/dialogues', headers: { ...token, ...json }, body: () => body2m, status: 413, code: 'payload_too_large' },
      { label: 'unauthenticated upload past the limit', method: 'PUT', path: '/api/dialogues/x/audio', headers: { 'content-type': 'audio/mpeg' }, body: () => body2m, status: 401, code: 'unauthenticated' },
      { label: 'chunked past the limit', method: 'POST', path: '/api/dialogues', headers: { ...token, ...json }, body: () => chunkedBody(1024 * KB), status: 413, code: 'payload_too_large' },
    ];
    const outcomes = new Map<string, number>();
    const note = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    let next = 0;
    const worker = async () => {
      while (next < 1000) {
        const c = cases[next++ % cases.length]!;
        try {
          const res = await fetch(`${server.base}${c.path}`, { method: c.method, headers: c.headers, body: c.body(), duplex: 'half' } as RequestInit);
          const answer = (await res.json()) as { error?: { code?: string } };
          note(`${c.label}: ${res.status} ${answer.error?.code}`);
        } catch (err) {
          const cause = (err as { cause?: { code?: string; message?: string } }).cause;
          note(`${c.label}: ${cause?.code ?? cause?.message ?? String(err)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));

    const expected = new Map(cases.map((c, i) => [`${c.label}: ${c.status} ${c.code}`, Math.floor(1000 / cases.length) + (i < 1000 % cases.length ? 1 : 0)]));
    expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(expected));
  }, 120_000);
});

/** Writes raw HTTP on one connection and collects what comes back until the server closes it or `until` holds. */
function rawExchange(write: (socket: net.Socket) => void, until: (received: string) => boolean, ms = 10_000) {
  return new Promise<{ received: string; closedByServer: boolean; writeError: string | null }>((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => write(socket));
    let received = '';
    let writeError: string | null = null;
    const done = (closedByServer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ received, closedByServer, writeError });
    };
    const timer = setTimeout(() => reject(new Error(`no end after ${ms} ms; received: ${received.slice(0, 500)}`)), ms);
    socket.on('data', (d) => {
      received += d.toString('latin1');
      if (until(received)) done(false);
    });
    socket.on('end', () => done(true));
    socket.on('error', (err) => (writeError = (err as NodeJS.ErrnoException).code ?? err.message));
  });
}

describe('the connection after an early answer', () => {
  it('reads and drops the rest of a body under the limit, then answers the next request on the same connection', async () => {
    const body = 'a'.repeat(200 * KB);
    const { received } = await rawExchange(
      (socket) => {
        socket.write(`POST /api/dialogues HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
        // The rest arrives after the answer was decided.
        setTimeout(() => socket.write(`${body}GET /api/nowhere HTTP/1.1\r\nhost: x\r\n\r\n`), 200);
      },
      (r) => (r.match(/HTTP\/1\.1 /g) ?? []).length === 2 && r.endsWith('}'),
    );
    const answers = received.split(/(?=HTTP\/1\.1 )/);
    expect(answers.map((a) => a.slice(0, 12))).toEqual(['HTTP/1.1 401', 'HTTP/1.1 404']);
    expect(answers[0]).not.toMatch(/connection: close/i);
  });

  it('answers a body declared past the limit with 413 and Connection: close, and lets the client finish writing before it closes', async () => {
    const { received, closedByServer, writeError } = await rawExchange(
      (socket) => {
        socket.write(`POST /api/dialogues HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${t.coordinator}\r\ncontent-type: application/json\r\ncontent-length: ${50 * 1024 * KB}\r\n\r\n`);
        // Keeps sending for a while after the answer, as a client that reads only at the end would.
        let sent = 0;
        const more = () => {
          if (socket.destroyed || sent >= 2048 * KB) return;
          sent += 64 * KB;
          socket.write(Buffer.alloc(64 * KB, 97), () => setTimeout(more, 5));
        };
        more();
      },
      () => false,
    );
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).toMatch(/\r\nconnection: close\r\n/i);
    expect(received).toContain('"payload_too_large"');
    expect(closedByServer).toBe(true);
    expect(writeError).toBeNull();
  });
});
