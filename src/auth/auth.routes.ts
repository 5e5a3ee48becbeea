import { z } from '@hono/zod-openapi';
import { deleteCookie, getCookie } from 'hono/cookie';
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { ErrorSchema, errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';
import { clientAddress } from '../http/client.ts';
import { IdParam } from '../http/schemas.ts';
import { LoginInput, NewUserInput, PasswordChange, UserPatch, UserSchema } from './auth.schemas.ts';
import { changePassword, createUser, listAccounts, login, logout, updateAccount } from './auth.service.ts';
import { hashToken } from './tokens.ts';
import { SESSION_COOKIE, setSessionCookie } from './identify.ts';

const tags = ['Auth'];

export function authRoutes({ db, config }: Deps) {
  return createApi()
    .openapi(
      defineRoute('public', {
        method: 'post', path: '/auth/login', tags, summary: 'Sign in: a bearer token and a session cookie',
        request: { body: jsonBody(LoginInput) },
        responses: {
          200: jsonResponse(z.object({ token: z.string(), user: UserSchema }), 'Signed in'),
          ...errorResponses,
          429: jsonResponse(ErrorSchema, 'Too many failed attempts for this account or from this address (see Retry-After)'),
        },
      }),
      async (c) => {
        const { email, password } = c.req.valid('json');
        const result = await login(db, config, email, password, clientAddress(c));
        setSessionCookie(c, config, result.token);
        return c.json(result, 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/auth/logout', tags, summary: 'End this session',
        responses: { 204: { description: 'Signed out' }, ...errorResponses },
      }),
      async (c) => {
        const bearer = /^Bearer\s+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1];
        const token = bearer ?? getCookie(c, SESSION_COOKIE);
        if (token) await logout(db, token);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.body(null, 204);
      },
    )
    .openapi(
      defineRoute('admin', {
        method: 'get', path: '/users', tags, summary: 'List accounts',
        responses: { 200: jsonResponse(z.object({ items: z.array(UserSchema) }), 'Accounts'), ...errorResponses },
      }),
      async (c) => c.json({ items: await listAccounts(db) }, 200),
    )
    .openapi(
      defineRoute('admin', {
        method: 'post', path: '/users', tags, summary: 'Create an account',
        request: { body: jsonBody(NewUserInput) },
        responses: { 201: jsonResponse(UserSchema, 'Created'), ...errorResponses },
      }),
      async (c) => c.json(await createUser(db, c.req.valid('json')), 201),
    )
    .openapi(
      defineRoute('admin', {
        method: 'patch', path: '/users/{id}', tags, operationId: 'updateUser',
        summary: "Change an account's role, or disable it (its sessions end at once) or enable it again",
        request: { params: IdParam, body: jsonBody(UserPatch) },
        responses: { 200: jsonResponse(UserSchema, 'Changed'), ...errorResponses },
      }),
      async (c) => {
        const actor = c.get('actor');
        const actorId = actor.kind === 'user' ? actor.id : '';
        return c.json(await updateAccount(db, actorId, c.req.valid('param').id, c.req.valid('json')), 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/me/password', tags, operationId: 'changeMyPassword',
        summary: 'Change my password; my other sessions end',
        request: { body: jsonBody(PasswordChange) },
        responses: { 204: { description: 'Changed' }, ...errorResponses, 429: jsonResponse(ErrorSchema, 'Too many wrong passwords') },
      }),
      async (c) => {
        const actor = c.get('actor');
        if (actor.kind !== 'user') return c.body(null, 403);
        const bearer = /^Bearer\s+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1];
        const presented = bearer ?? getCookie(c, SESSION_COOKIE);
        await changePassword(db, actor.id, c.req.valid('json'), { address: clientAddress(c), keepTokenHash: presented ? hashToken(presented) : undefined });
        return c.body(null, 204);
      },
    );
}
