// Answers a GET or HEAD for a file the way audio players and podcast apps expect: byte ranges
// (206, multipart for several, 416 when none fits), conditional requests on a strong ETag and
// Last-Modified (304, If-Range), and the caller's caching policy.
//
// Hand-written rather than @hono/node-server's serveStatic: that takes a path from the URL and
// knows nothing of who may read what, ignores If-Range and multiple ranges, and measured 0.3×
// the throughput of a bare createReadStream server here.
import { randomBytes } from 'node:crypto';
import { OpenFile } from './open-file.ts';
import type { HttpBindings } from '@hono/node-server';

export interface ServeOptions {
  path: string;
  mimeType: string;
  /** A strong validator for exactly these bytes, quoted, e.g. "\"k3x9-opus\"". */
  etag: string;
  cacheControl: string;
}

interface ByteRange {
  start: number;
  end: number; // inclusive
}

// More ranges than this in one request is no player's doing; such a request gets the whole file
// (RFC 9110 lets a server ignore Range), which bounds the work one request can cause.
const MAX_RANGES = 16;

/** The ranges a Range header asks for within `size` bytes: null to ignore it, [] when none can be satisfied. */
export function parseRange(header: string, size: number): ByteRange[] | null {
  const match = /^bytes=(.+)$/i.exec(header.trim());
  if (!match) return null;
  const ranges: ByteRange[] = [];
  for (const part of match[1]!.split(',')) {
    const spec = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(part);
    if (!spec || (spec[1] === '' && spec[2] === '')) return null;
    if (spec[1] === '') {
      const suffix = Number(spec[2]);
      if (suffix > 0 && size > 0) ranges.push({ start: Math.max(0, size - suffix), end: size - 1 });
      continue;
    }
    const start = Number(spec[1]);
    const end = spec[2] === '' ? size - 1 : Math.min(Number(spec[2]), size - 1);
    if (spec[2] !== '' && Number(spec[2]) < start) return null; // invalid, so the header is ignored
    if (start < size) ranges.push({ start, end });
  }
  if (ranges.length > MAX_RANGES) return null;
  // Overlapping or adjacent ranges are served as one.
  ranges.sort((a, b) => a.start - b.start);
  const merged: ByteRange[] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

const httpDate = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toUTCString();

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

// A range up to this size is read into memory and sent in one write (headers and body together):
// a buffer costs far less per request than a read stream turned into a web stream and back. Small
// enough that many at once stay cheap in memory; a player's open-ended range is streamed.
const BUFFERED_MAX = 256 * 1024;

// Bytes read from the file at a time by a streamed answer (what createReadStream reads too).
const CHUNK = 64 * 1024;

/**
 * The answer's body as a web stream over the open file: pieces of text and ranges of the file,
 * in order. The stream owns the handle and closes it when done, failed or cancelled. When the
 * listener has gone (`gone`), it closes the handle and simply ends: nobody is left to read an
 * error, and @hono/node-server would print one ("AbortError: Premature close") for every
 * pipelined answer a listener abandons.
 */
function fileStream(file: OpenFile, pieces: (Buffer | ByteRange)[], gone?: AbortSignal): ReadableStream<Uint8Array> {
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    void file.close().catch(() => {});
  };
  if (gone?.aborted) close();
  else gone?.addEventListener('abort', close, { once: true });
  let index = 0;
  let position = -1;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const piece = pieces[index];
        if (closed || piece === undefined) {
          close();
          controller.close();
          return;
        }
        if (Buffer.isBuffer(piece)) {
          index++;
          controller.enqueue(piece);
          return;
        }
        if (position < 0) position = piece.start;
        const length = Math.min(CHUNK, piece.end + 1 - position);
        const buffer = Buffer.allocUnsafe(length);
        let bytesRead: number;
        try {
          ({ bytesRead } = await file.read(buffer, 0, length, position));
        } catch (err) {
          // Closed under the read because the listener left: end quietly.
          if (closed) return controller.close();
          close();
          return controller.error(err);
        }
        if (bytesRead === 0) {
          close();
          return controller.error(new Error(`${piece.end + 1 - position} bytes missing: the file shrank while it was read`));
        }
        position += bytesRead;
        if (position > piece.end) {
          index++;
          position = -1;
        }
        controller.enqueue(buffer.subarray(0, bytesRead));
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  );
}

async function readRange(file: OpenFile, range: ByteRange): Promise<Uint8Array<ArrayBuffer>> {
  try {
    const buffer = Buffer.allocUnsafe(range.end - range.start + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, range.start + filled);
      if (bytesRead === 0) throw new Error(`${range.end - range.start + 1 - filled} bytes missing: the file shrank while it was read`);
      filled += bytesRead;
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) as Uint8Array<ArrayBuffer>;
  } finally {
    await file.close();
  }
}

/**
 * Aborts when the listener's connection closes before the answer is finished, from the
 * Node objects @hono/node-server hands a request (none under app.request()). The request's
 * own signal is no use here: that server makes it only when first asked for, and a listener
 * who left before then never aborts it.
 */
export function connectionGone(env: unknown): AbortSignal | undefined {
  const bindings = env as Partial<HttpBindings> | undefined;
  const outgoing = bindings?.outgoing;
  if (!outgoing) return undefined;
  const socket = bindings.incoming?.socket;
  const gone = new AbortController();
  const left = () => outgoing.writableFinished || gone.abort();
  if (outgoing.destroyed || socket?.destroyed) left();
  else {
    // An answer to a request pipelined behind others is attached to the connection only when
    // the one before it is done, and until then hears nothing of the connection closing.
    socket?.once('close', left);
    outgoing.once('close', () => {
      socket?.off('close', left);
      left();
    });
  }
  return gone.signal;
}

export async function serveFile(request: Request, opts: ServeOptions, gone?: AbortSignal): Promise<Response> {
  // One handle for the size and the bytes: a render replacing (and deleting) this file between
  // the two can no longer give a response whose headers and body disagree.
  const file = await OpenFile.open(opts.path);
  let handedOver = false;
  try {
    return await respond(request, opts, file, () => (handedOver = true), gone);
  } finally {
    // A streamed body owns the handle from here. @hono/node-server never reads, nor cancels, the
    // body of an answer whose listener left before it began, and players leave all the time (a
    // seek, a closed page): the stream closes the handle on `gone` rather than leave it to the
    // garbage collector.
    if (!handedOver) await file.close();
  }
}

async function respond(request: Request, opts: ServeOptions, file: OpenFile, handOver: () => void, gone?: AbortSignal): Promise<Response> {
  const info = await file.stat();
  const size = info.size;
  const lastModified = httpDate(info.mtimeMs);
  const head = request.method === 'HEAD';
  const base: Record<string, string> = {
    'accept-ranges': 'bytes',
    etag: opts.etag,
    'last-modified': lastModified,
    'cache-control': opts.cacheControl,
  };

  const ifNoneMatch = request.headers.get('if-none-match');
  const ifModifiedSince = request.headers.get('if-modified-since');
  const notModified = ifNoneMatch !== null ? etagMatches(ifNoneMatch, opts.etag) : ifModifiedSince !== null && Date.parse(ifModifiedSince) >= Date.parse(lastModified);
  if (notModified) return new Response(null, { status: 304, headers: base });

  const full = async () => {
    const headers = { ...base, 'content-type': opts.mimeType, 'content-length': String(size) };
    if (head) return new Response(null, { status: 200, headers });
    handOver();
    if (size === 0) {
      await file.close();
      return new Response(new Uint8Array(0), { status: 200, headers });
    }
    return new Response(size <= BUFFERED_MAX ? await readRange(file, { start: 0, end: size - 1 }) : fileStream(file, [{ start: 0, end: size - 1 }], gone), { status: 200, headers });
  };

  const rangeHeader = request.headers.get('range');
  if (!rangeHeader) return full();
  // If-Range: the client holds an older version; partial bytes of this one would corrupt it.
  const ifRange = request.headers.get('if-range');
  if (ifRange !== null && (ifRange.startsWith('"') || ifRange.startsWith('W/') ? ifRange.trim() !== opts.etag : ifRange.trim() !== lastModified)) return full();
  const ranges = parseRange(rangeHeader, size);
  if (ranges === null) return full();
  if (ranges.length === 0) {
    return new Response(null, { status: 416, headers: { ...base, 'content-range': `bytes */${size}` } });
  }
  if (ranges.length === 1) {
    const r = ranges[0]!;
    const headers = { ...base, 'content-type': opts.mimeType, 'content-length': String(r.end - r.start + 1), 'content-range': `bytes ${r.start}-${r.end}/${size}` };
    if (head) return new Response(null, { status: 206, headers });
    handOver();
    return new Response(r.end - r.start + 1 <= BUFFERED_MAX ? await readRange(file, r) : fileStream(file, [r], gone), { status: 206, headers });
  }

  const boundary = `siaran-${randomBytes(8).toString('hex')}`;
  const partHead = (r: ByteRange, first: boolean) =>
    Buffer.from(`${first ? '' : '\r\n'}--${boundary}\r\ncontent-type: ${opts.mimeType}\r\ncontent-range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = ranges.reduce((sum, r, i) => sum + partHead(r, i === 0).length + (r.end - r.start + 1), tail.length);
  const headers = { ...base, 'content-type': `multipart/byteranges; boundary=${boundary}`, 'content-length': String(length) };
  if (head) return new Response(null, { status: 206, headers });
  handOver();
  const pieces = ranges.flatMap((r, i) => [partHead(r, i === 0), r]);
  return new Response(fileStream(file, [...pieces, tail], gone), { status: 206, headers });
}

/**
 * The answer that hands a file to nginx: an empty 200 whose X-Accel-Redirect names the file
 * under nginx's internal location for the storage root. nginx then sends the bytes itself
 * (sendfile, Range, conditional requests), keeping this answer's Content-Type and
 * Cache-Control, so Siaran decides who may read a file and nginx does the reading.
 */
export function accelRedirect(prefix: string, mediaPath: string, opts: Pick<ServeOptions, 'mimeType' | 'cacheControl'>): Response {
  const location = prefix + mediaPath.split('/').map(encodeURIComponent).join('/');
  return new Response(null, { headers: { 'x-accel-redirect': location, 'content-type': opts.mimeType, 'cache-control': opts.cacheControl } });
}
