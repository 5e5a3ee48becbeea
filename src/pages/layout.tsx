// The frame every page shares (landmarks, skip link, navigation, language switch) and the
// per-request page context: language, formatters, who is asking.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { Child, FC } from 'hono/jsx';
import type { Actor } from '../auth/actor.ts';
import type { AppEnv } from '../http/api.ts';
import { assetUrl } from './assets.ts';
import { manageWords } from './console/manage.i18n.ts';
import { type Formatters, type Lang, type Messages, formatters, messagesFor, pickLang } from './i18n.ts';

export type Page = { lang: Lang; t: Messages; f: Formatters; actor: Actor; url: URL };
export type PageContext = Context<AppEnv>;

export function pageOf(c: PageContext): Page {
  const lang = pickLang(c);
  return { lang, t: messagesFor(lang), f: formatters(lang), actor: c.get('actor'), url: new URL(c.req.url) };
}

/** The same address in the other language (the switch keeps the reader where they are). */
export function otherLangHref(p: Page): string {
  const url = new URL(p.url);
  url.searchParams.set('lang', p.t.otherLanguageCode);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A URL with some query parameters replaced (undefined removes one). */
export function withQuery(p: Page, changes: Record<string, string | undefined>): string {
  const url = new URL(p.url);
  url.searchParams.delete('lang');
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  return `${url.pathname}${url.search}`;
}

export async function render(c: PageContext, page: Child | Promise<Child>, status: 200 | 400 | 403 | 404 | 409 | 429 | 500 = 200) {
  const body = `<!doctype html>${String(await page)}`;
  return c.html(body, status, { 'cache-control': 'no-cache', vary: 'Cookie' });
}

// Forms carry a token derived from the credential they act with (session or personal
// link), on top of the Origin check: a page on another site knows neither.
export const csrfTokenFor = (credential: string) => createHash('sha256').update(`siaran-form\0${credential}`).digest('base64url');

export function csrfTokenValid(credential: string, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(credential));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const CsrfField: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />;

type Area = 'public' | 'portal' | 'console';

export const Layout: FC<{
  p: Page;
  title: string;
  description?: string;
  head?: Child;
  area?: Area;
  noindex?: boolean;
  script?: boolean;
  /** The console's cross-site token: the header then offers signing out. */
  signOut?: string;
  children?: Child;
}> = ({ p, title, description, head, area = 'public', noindex, script, signOut, children }) => {
  const { t } = p;
  const here = p.url.pathname;
  const nav: [string, string][] =
    area === 'console'
      ? [
          ['/console', t.week],
          ['/console/dialogues/new', t.newDialogue],
          ['/console/corrections', t.corrections],
          ['/console/glossary', t.glossary],
          ['/console/messages', p.lang === 'en' ? 'Outbox' : 'Kotak keluar'],
          ['/console/people', manageWords(p.lang).people],
          ['/console/programmes', manageWords(p.lang).programmes],
          ['/console/topics', manageWords(p.lang).topics],
          ['/console/stations', manageWords(p.lang).stations],
          ...(p.actor.kind === 'user' && p.actor.role === 'admin' ? ([['/console/accounts', manageWords(p.lang).accounts]] as [string, string][]) : []),
          ['/console/password', manageWords(p.lang).password],
          ['/', t.navHome],
        ]
      : [
          ['/', t.navHome],
          ['/browse', t.navBrowse],
          ['/search', t.navSearch],
          ...(p.actor.kind === 'user' && area === 'public' ? ([['/console', t.navConsole]] as [string, string][]) : []),
        ];
  return (
    <html lang={p.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t.siteName}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        {noindex || area !== 'public' ? <meta name="robots" content="noindex" /> : null}
        {/* A speaker's link is a password in the address bar: never send it on as a referrer. */}
        <meta name="referrer" content={area === 'portal' ? 'no-referrer' : 'strict-origin-when-cross-origin'} />
        {/* No icon to download: saves a request (and a 404) on every first visit. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={assetUrl('css')} />
        {head}
        {script ? <script src={assetUrl('js')} defer></script> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        <header class="site">
          <div class="wrap">
            <a class="brand" href={area === 'console' ? '/console' : '/'}>
              {area === 'console' ? `${t.siteName} · ${t.consoleTitle}` : area === 'portal' ? `${t.siteName} · ${t.portalTitle}` : t.siteName}
            </a>
            {area === 'portal' ? null : (
              <nav class="main" aria-label={t.mainNav}>
                <ul>
                  {nav.map(([href, label]) => (
                    <li>
                      <a href={href} aria-current={href === here ? 'page' : undefined}>
                        {label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            <a class="lang" href={otherLangHref(p)} hreflang={t.otherLanguageCode} lang={t.otherLanguageCode}>
              {t.otherLanguage}
            </a>
            {signOut ? (
              <form method="post" action="/console/logout">
                <CsrfField token={signOut} />
                <button type="submit" class="secondary">
                  {t.signOut}
                </button>
              </form>
            ) : null}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div class="wrap">{children}</div>
        </main>
        <footer class="site">
          <div class="wrap">{area === 'public' ? t.footer : t.siteName}</div>
        </footer>
      </body>
    </html>
  );
};

export const ErrorPage: FC<{ p: Page; title: string; text: string; area?: Area }> = ({ p, title, text, area }) => (
  <Layout p={p} title={title} area={area} noindex>
    <h1>{title}</h1>
    <p>{text}</p>
    <p>
      <a href="/">{p.t.home}</a>
    </p>
  </Layout>
);
