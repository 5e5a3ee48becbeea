import { z } from '@hono/zod-openapi';
import { deleteCookie, getCookie } from 'hono/cookie';
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';
import { LoginInput, NewUserInput, UserSchema } from './auth.schemas.ts';
import { createUser, login, logout } from './auth.service.ts';
import { listUsers } from './auth.repository.ts';
import { SESSION_COOKIE, setSessionCookie } from './identify.ts';

const tags = ['Auth'];

export function authRoutes({ db, config }: Deps) {
  return createApi()
    .openapi(
      defineRoute('public', {
        method: 'post', path: '/auth/login', tags, summary: 'Sign in: a bearer token and a session cookie',
        request: { body: jsonBody(LoginInput) },
        responses: { 200: jsonResponse(z.object({ token: z.string(), user: UserSchema }), 'Signed in'), ...errorResponses },
      }),
      async (c) => {
        const { email, password } = c.req.valid('json');
        const result = await login(db, config, email, password);
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
      async (c) => {
        const users = await listUsers(db);
        return c.json({ items: users.map(({ created_at: _, ...u }) => u) }, 200);
      },
    )
    .openapi(
      defineRoute('admin', {
        method: 'post', path: '/users', tags, summary: 'Create an account',
        request: { body: jsonBody(NewUserInput) },
        responses: { 201: jsonResponse(UserSchema, 'Created'), ...errorResponses },
      }),
      async (c) => c.json(await createUser(db, c.req.valid('json')), 201),
    );
}
