// The language a person reading an API answer wants: `?lang=id|en` first, then the
// language the pages remember (the siaran_lang cookie), then the first choice of
// Accept-Language when it is Indonesian or English, else Indonesian.
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from '@hono/zod-openapi';
import type { ApiLang } from '../errors.ts';

const isApiLang = (v: unknown): v is ApiLang => v === 'id' || v === 'en';

export function requestLanguage(query: string | undefined, cookie: string | undefined, acceptLanguage: string | undefined): ApiLang {
  if (isApiLang(query)) return query;
  if (isApiLang(cookie)) return cookie;
  const first = acceptLanguage?.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return isApiLang(first) ? first : 'id';
}

export const chooseLanguage: MiddlewareHandler<{ Variables: { lang: ApiLang } }> = async (c, next) => {
  c.set('lang', requestLanguage(c.req.query('lang'), getCookie(c, 'siaran_lang'), c.req.header('accept-language')));
  await next();
};

/** Every strict query schema takes `lang` too, so `?lang=en` never counts as an unknown field. */
export const langQuery = {
  lang: z.enum(['id', 'en']).optional().openapi({ description: 'the language of messages: id (default) or en' }),
};
