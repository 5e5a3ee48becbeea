// The pieces every routes file uses: the Hono env, a route definer that records and enforces
// who may call it, and the validation hook that turns zod failures into our 400 shape.
import { type RouteConfig, OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { type ApiLang, AppError, said } from '../errors.ts';
import { issueFields } from './issues.ts';
import { type Access, type Actor, denialStatus } from '../auth/actor.ts';

export type Deps = { db: Db; config: Config; jobs: Jobs };
/** client: the request's address (src/http/client.ts), set before anything reads it. */
export type AppEnv = { Variables: { actor: Actor; requestId: string; lang: ApiLang; client: string } };

const TARGETS: Record<string, { id: string; en: string }> = {
  json: said('badan permintaan (JSON)', 'json'),
  query: said('parameter alamat', 'query'),
  param: said('alamat', 'param'),
  form: said('formulir', 'form'),
  header: said('kepala permintaan', 'header'),
};

export function createApi() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const lang: ApiLang = c.get('lang') ?? 'id';
        const part = TARGETS[result.target] ?? said(result.target, result.target);
        throw new AppError(400, 'invalid_request', said(`Isian ${part.id} tidak sah.`, `The request's ${part.en} is not valid.`), {
          target: result.target,
          fields: issueFields(result.error.issues, lang, result.target),
        });
      }
    },
  });
}

function requireAccess(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const status = denialStatus(access, c.get('actor'));
    if (status === 401) throw new AppError(401, 'unauthenticated', said('Masuk dulu, atau kirim token bearer.', 'Sign in or send a bearer token.'));
    if (status === 403) throw new AppError(403, 'forbidden', said('Anda tidak diizinkan melakukan ini.', 'You are not allowed to do this.'));
    await next();
  };
}

// Hono's json validator silently validates `{}` when the content type is not JSON, which
// would turn a mislabelled PATCH into a successful no-op.
const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError(415, 'unsupported_media_type', said('Kirim badan permintaan sebagai application/json.', 'Send the body as application/json.'));
  }
  await next();
};

// A route takes JSON when a zod schema validates its JSON body. Raw-body routes (a
// transcript file may be JSON, WebVTT or text) describe their media types with plain
// OpenAPI schemas and read the bytes themselves.
// An optional JSON body (`required: false`) may be left out altogether.
const takesJson = (config: RouteConfig) => {
  const json = config.request?.body?.content?.['application/json'];
  return config.request?.body?.required === true && json !== undefined && 'schema' in json && json.schema instanceof z.ZodType;
};

/**
 * createRoute plus the route's access level, enforced by middleware and published in the
 * OpenAPI document as `x-access` (the authorisation matrix test is generated from it) and as
 * the operation's `security`. An `operationId` may be given; otherwise src/http/openapi.ts
 * names the operation from its method and full path.
 */
export function defineRoute<const R extends RouteConfig>(access: Access, config: R): R {
  const middleware: MiddlewareHandler<AppEnv>[] = [requireAccess(access)];
  if (takesJson(config)) middleware.push(requireJsonBody);
  return createRoute({
    ...config,
    'x-access': access,
    // A public route asks for no credentials (a signed-in caller may still see more).
    security: access === 'public' ? [] : [{ bearer: [] }],
    middleware,
  }) as R;
}
