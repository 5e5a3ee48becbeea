// The listening server: @hono/node-server's adapter on node:http, with one addition at the
// connection level, so that a client still sending a body always gets the answer.
//
// The app often answers before it reads a request's body (401, 404, 415, 400, and 413 by
// declared length). Node's own server then discards the rest of the body, but once the body
// has been handed to the app as a web stream (as @hono/node-server does as soon as a
// middleware touches it) nobody reads it any more: the socket stops reading, the adapter's own
// clean-up gives up after 500 ms and destroys the socket, and the client, still writing, sees
// EPIPE or "other side closed" instead of the answer (honojs/node-server#327, nodejs/node#12339;
// 447 of 1,000 such requests here before this module). So, for every request with a body:
//
// - An answer that ends before the body did waits while the rest is read and discarded, up to
//   the body limit (SIARAN_BODY_LIMIT_KB); then it ends and the connection stays usable.
// - A body declared larger than the limit, or found to be while discarding it, is not read: the
//   answer carries `Connection: close`, and the connection is closed gracefully ("lingering
//   close", as nginx does): our side is shut once the answer is out, and what the client still
//   sends is read and dropped for a moment, so the client reads the status instead of a reset.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';

/** How long an answer waits for the rest of a body it did not read before it ends anyway. */
const DRAIN_WAIT_MS = 10_000;
/** How long a connection closed past the limit keeps reading what the client still sends. */
const LINGER_MS = 2_000;

type Listener = (incoming: IncomingMessage, outgoing: ServerResponse) => void;

function lingeringClose(socket: Socket) {
  if (socket.destroyed) return;
  socket.end();
  socket.resume();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', () => socket.destroy());
}

/** Wraps a node:http request listener with the draining described above. */
export function drainingBodies(listener: Listener, limitBytes: number): Listener {
  return (incoming, outgoing) => {
    const declared = incoming.headers['content-length'] === undefined ? null : Number(incoming.headers['content-length']);
    const chunked = incoming.headers['transfer-encoding'] !== undefined;
    if (!chunked && !(declared !== null && declared > 0)) return listener(incoming, outgoing);

    const socket = incoming.socket;
    const unread = () => !incoming.complete;
    // Node closes a connection it will not keep alive with socket.destroySoon(): here it waits
    // for the client's side instead.
    const closeGracefully = () => {
      socket.destroySoon = () => lingeringClose(socket);
    };

    const writeHead = outgoing.writeHead;
    outgoing.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
      if (unread() && declared !== null && declared > limitBytes) {
        this.shouldKeepAlive = false; // sends `Connection: close`
        closeGracefully();
      }
      return writeHead.apply(this, args);
    } as ServerResponse['writeHead'];

    const end = outgoing.end;
    outgoing.end = function (this: ServerResponse, ...args: unknown[]) {
      const finish = () => (end as (...a: unknown[]) => ServerResponse).apply(this, args);
      if (!unread() || incoming.readableEnded || !this.shouldKeepAlive) {
        // Read or not, what is left must flow, or the socket stops reading the next request.
        discard(incoming);
        finish();
        return this;
      }
      let received = 0;
      const stop = (overLimit: boolean) => {
        clearTimeout(timer);
        incoming.off('data', count);
        incoming.off('end', drained);
        if (overLimit) {
          closeGracefully();
          this.once('finish', () => socket.destroySoon());
        }
        finish();
      };
      const count = (chunk: Buffer) => {
        received += chunk.length;
        if (received > limitBytes) stop(true);
      };
      const drained = () => stop(false);
      const timer = setTimeout(() => stop(true), DRAIN_WAIT_MS);
      timer.unref();
      discard(incoming);
      incoming.on('data', count);
      incoming.once('end', drained);
      return this;
    } as ServerResponse['end'];

    listener(incoming, outgoing);
  };
}

/** Takes the body away from whoever held it (the answer is decided) and drops it as it comes. */
function discard(incoming: IncomingMessage) {
  if (incoming.readableEnded || incoming.destroyed) return;
  incoming.removeAllListeners('data');
  incoming.on('data', () => {});
  incoming.resume();
}

export function startServer(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  options: { port: number; hostname: string; bodyLimitBytes: number },
  onListening?: (info: { port: number }) => void,
): ServerType {
  return serve(
    {
      fetch,
      port: options.port,
      hostname: options.hostname,
      // This module drains bodies; the adapter's own clean-up would destroy the socket instead.
      autoCleanupIncoming: false,
      createServer: ((serverOptions: object, listener: Listener) => createServer(serverOptions, drainingBodies(listener, options.bodyLimitBytes))) as typeof createServer,
    },
    onListening,
  );
}
