// Players abandon requests all the time (a seek, a page closed): whenever a listener goes,
// before or during the answer, the file is closed at once rather than left for the garbage
// collector. Through a real @hono/node-server, whose way of dropping a body is the point.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionGone, serveFile } from '../../src/audio/serve.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-serve-abort-'));
const file = path.join(dir, 'rendition.mp3');
// Large enough to be streamed rather than read into memory, and to fill the socket's buffers.
fs.writeFileSync(file, Buffer.alloc(8 * 1024 * 1024, 7));

// Every answer is held to the end of the file. An abandoned body is unreachable, and the
// garbage collector closes its file within a second or two, which would pass a test for a
// leak it never saw, or (closing an earlier test's leak) lower the count under a later one.
// Held, a file can only have been closed by the code under test.
const answers: Response[] = [];

let server: ServerType;
let port = 0;
beforeAll(async () => {
  const app = new Hono().get('/media', async (c) => {
    const gone = connectionGone(c.env);
    // Lets a test hang up before the answer exists.
    const wait = Number(c.req.query('wait') ?? 0);
    if (wait) await new Promise((r) => setTimeout(r, wait));
    const answer = await serveFile(c.req.raw, { path: file, mimeType: 'audio/mpeg', etag: '"test"', cacheControl: 'no-cache' }, gone);
    answers.push(answer);
    return answer;
  });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      port = info.port;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * How many descriptors this process holds open on the rendition. Each test compares with its
 * own start, so that one leak fails one test rather than every test after it.
 */
function openHandles(): number {
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false; // closed while we looked
    }
  }).length;
}

async function settles(check: () => boolean, ms = 3000) {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return check();
}

const request = (target: string, headers: string) => `GET ${target} HTTP/1.1\r\nhost: x\r\n${headers}\r\n`;

/** Sends requests on a raw socket and hangs up after `afterBytes` of the answers (0: before any). */
function hangUp(requests: string, afterBytes: number, afterMs = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(requests);
      if (afterBytes === 0) setTimeout(() => socket.destroy(), afterMs);
    });
    let received = 0;
    socket.on('data', (chunk) => {
      received += chunk.length;
      if (afterBytes > 0 && received >= afterBytes) socket.destroy();
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('a listener who hangs up', () => {
  it.each([
    ['mid-way through a streamed range', '/media', 'range: bytes=0-\r\n', 64 * 1024],
    ['mid-way through several ranges', '/media', 'range: bytes=0-3000000, 4000000-7000000\r\n', 64 * 1024],
    ['mid-way through the whole file', '/media', '', 64 * 1024],
  ])('%s: the file is closed at once', async (_label, target, headers, afterBytes) => {
    const before = openHandles();
    const received = await hangUp(request(target, headers), afterBytes);
    expect(received).toBeGreaterThanOrEqual(afterBytes);
    expect(received).toBeLessThan(8 * 1024 * 1024);
    expect(await settles(() => openHandles() <= before)).toBe(true);
  });

  it.each([
    ['a streamed range', 'range: bytes=0-\r\n'],
    ['several ranges', 'range: bytes=0-3000000, 4000000-7000000\r\n'],
    ['the whole file', ''],
  ])('before the answer to %s begins: the file is closed at once', async (_label, headers) => {
    const before = openHandles();
    // The answer is made 300 ms after the request; the listener leaves after 50.
    expect(await hangUp(request('/media?wait=300', headers), 0, 50)).toBe(0);
    await new Promise((r) => setTimeout(r, 400));
    expect(await settles(() => openHandles() <= before)).toBe(true);
  });

  it('with requests pipelined behind a slow one: every file is closed at once', async () => {
    const before = openHandles();
    // Node attaches an answer to the connection only when the one before it is done, and an
    // answer never attached hears nothing of the connection closing.
    const requests = [
      request('/media?wait=300', ''),
      request('/media', ''),
      request('/media', 'range: bytes=0-\r\n'),
      request('/media', 'range: bytes=0-3000000, 4000000-7000000\r\n'),
    ].join('');
    await hangUp(requests, 0, 100);
    await new Promise((r) => setTimeout(r, 400));
    expect(await settles(() => openHandles() <= before)).toBe(true);
  });

  it('adds nothing that stays on a connection kept alive for many answers', async () => {
    const connections: net.Socket[] = [];
    const track = (socket: net.Socket) => connections.push(socket);
    server.on('connection', track);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<void>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: '/media', agent, headers: { range: 'bytes=0-1023' } }, (res) => res.resume().on('end', resolve)).on('error', reject);
      });
    try {
      await get();
      const [connection] = connections;
      const listeners = connection?.listenerCount('close');
      for (let i = 0; i < 20; i++) await get();
      expect(connections).toHaveLength(1);
      expect(connection?.listenerCount('close')).toBe(listeners);
    } finally {
      agent.destroy();
      server.off('connection', track);
    }
  });

  it('leaves nothing open after answers heard to the end', async () => {
    const before = openHandles();
    for (const range of ['bytes=0-', 'bytes=0-1023', 'bytes=0-10, 20-30']) {
      const res = await fetch(`http://127.0.0.1:${port}/media`, { headers: { range } });
      await res.arrayBuffer();
    }
    expect(await settles(() => openHandles() <= before)).toBe(true);
  });
});
