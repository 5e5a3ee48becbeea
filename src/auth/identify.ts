// Sets c.var.actor from a bearer token (API clients, speakers' links) or the session cookie (pages).
import type { MiddlewareHandler } from 'hono';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { AppError, said } from '../errors.ts';
import type { AppEnv } from '../http/api.ts';
import { anonymous } from './actor.ts';
import { clientAddress } from '../http/client.ts';
import { actorForPresentedToken, actorForToken } from './auth.service.ts';

export const SESSION_COOKIE = 'siaran_session';

/** The session cookie both sign-ins (API and console form) set. */
export function setSessionCookie(c: Context, config: Config, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: config.publicUrl.startsWith('https:'),
    maxAge: config.sessionDays * 86_400,
  });
}

export function identify(db: Db): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/i.exec(header);
      const actor = await actorForPresentedToken(db, match?.[1] ?? '', clientAddress(c));
      // A presented but dead token is an error rather than a silent downgrade to anonymous,
      // so a speaker whose link was revoked learns why they see nothing.
      if (!actor) throw new AppError(401, 'invalid_token', said('Token ini tidak dikenal, sudah kedaluwarsa, atau sudah dicabut.', 'This token is unknown, expired or revoked.'));
      c.set('actor', actor);
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      c.set('actor', (cookie && (await actorForToken(db, cookie))) || anonymous);
    }
    await next();
  };
}
