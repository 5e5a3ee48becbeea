// The authorisation matrix: every route in the OpenAPI document × every kind of caller.
// Routes come from the document itself (each declares `x-access`), so a new route is
// checked the day it is added; a route whose path parameters have no fixture fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Access, type Actor, denialStatus } from '../../src/auth/actor.ts';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

type Caller = 'anonymous' | 'speakerA' | 'speakerB' | 'coordinator' | 'admin';
const callers: Caller[] = ['anonymous', 'speakerB', 'speakerA', 'coordinator', 'admin'];

const asActor: Record<Caller, Actor> = {
  anonymous: { kind: 'anonymous' },
  speakerA: { kind: 'speaker', speakerId: 'a', tokenId: 'a' },
  speakerB: { kind: 'speaker', speakerId: 'b', tokenId: 'b' },
  coordinator: { kind: 'user', id: 'c', role: 'coordinator', name: 'c', email: 'c' },
  admin: { kind: 'user', id: 'd', role: 'admin', name: 'd', email: 'd' },
};

let t: TestApp;
let doc: any;
let ids: Record<string, string>;
let tokens: Record<Caller, string | undefined>;
let speakers: { a: string; b: string };

async function newSpeakerTokens() {
  tokens = { anonymous: undefined, speakerA: await t.speakerToken(speakers.a), speakerB: await t.speakerToken(speakers.b), coordinator: t.coordinator, admin: t.admin };
  if (ids) ids['/calendar/speakers/{file}'] = `${tokens.speakerA}.ics`;
}

beforeAll(async () => {
  t = await createTestApp();
  const s = await seedBasics(t);
  // Speaker A's dialogue is not published: only A and coordinators may see it.
  const dialogue = await t.create('/api/dialogues', {
    ...booking(s.station.id, '2031-09-08T09:00', '2031-09-08T10:00'),
    participants: [{ speakerId: s.suliwati.id, role: 'speaker' }],
  });
  speakers = { a: s.suliwati.id, b: s.elyanie.id };
  await newSpeakerTokens();
  const speakerA = tokens.speakerA as string;
  ids = {
    '/api/stations/{id}': s.station.id,
    '/api/programs/{id}': s.program.id,
    '/api/speakers/{id}': s.suliwati.id,
    // Renaming an unknown topic answers 404 to coordinators.
    '/api/topics/{id}': 'no-such-topic',
    '/api/dialogues/{id}': dialogue.id,
    '/api/me/dialogues/{id}': dialogue.id,
    // Reviewing an unknown correction answers 404 to those allowed to review.
    '/api/corrections/{id}': 'no-such-correction',
    '/api/jobs/{id}': '999999',
    '/api/glossary/{termId}': 'no-such-term',
    // Changing an unknown account answers 404 to admins.
    '/api/users/{id}': 'no-such-user',
    // The booking queued an invitation to speaker A.
    '/api/messages/{id}': (await t.db.selectFrom('messages').select('id').executeTakeFirstOrThrow()).id,
    '/calendar/stations/{file}': `${s.station.slug}.ics`,
    '/calendar/speakers/{file}': `${speakerA}.ics`,
  };
  doc = (await t.call('GET', '/api/openapi.json')).json;
});
afterAll(() => t.close());

function concrete(path: string): string {
  const base = Object.keys(ids).find((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  if (!base && path.includes('{')) throw new Error(`No fixture for the parameters of ${path}: add one to the matrix test.`);
  return base ? path.replace(/\{[^}]+\}/, ids[base] as string) : path;
}

// Routes open to anyone that still hide what the caller may not see: these answers are
// the object-level rule (speaker A's unpublished dialogue), beyond the access level.
const hidden: Record<string, Partial<Record<Caller, number>>> = {
  'get /api/dialogues/{id}': { anonymous: 404, speakerB: 404, speakerA: 200, coordinator: 200, admin: 200 },
  'get /api/speakers/{id}': { anonymous: 404, speakerB: 404, speakerA: 200, coordinator: 200, admin: 200 },
  'post /api/me/dialogues/{id}/response': { speakerB: 404 },
  'get /calendar/speakers/{file}': { anonymous: 200, speakerB: 200 },
};

// Where the object-level answer comes after validation, a valid body reaches it.
const validBodies: Record<string, unknown> = {
  'post /api/me/dialogues/{id}/response': { response: 'confirmed' },
};

describe('authorisation matrix', () => {
  it('covers every route in the OpenAPI document', () => {
    const routes = Object.entries(doc.paths).flatMap(([, ops]: [string, any]) => Object.keys(ops));
    expect(routes.length).toBeGreaterThan(25);
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        expect(['public', 'signed_in', 'speaker', 'coordinator', 'admin'], `${method} ${path}`).toContain(op['x-access']);
      }
    }
  });

  it('answers every route × caller as its access level and visibility say', async () => {
    const failures: string[] = [];
    let checked = 0;
    // Logging out and issuing or revoking links end callers' tokens, so they go last.
    const endsTokens = (path: string) => (path === '/api/auth/logout' ? 2 : path.endsWith('/link') ? 1 : 0);
    const routes = Object.entries<any>(doc.paths)
      .flatMap(([path, ops]) => Object.entries<any>(ops).map(([method, op]) => ({ path, method, op })))
      .sort((a, b) => endsTokens(a.path) - endsTokens(b.path));
    for (const { path, method, op } of routes) {
      // Issuing or revoking a link (by an earlier caller) ends the speakers' previous ones.
      if (endsTokens(path) > 0) await newSpeakerTokens();
      for (const caller of callers) {
          const url = concrete(path);
          const hasJson = Boolean(op.requestBody?.content?.['application/json']);
          const body = validBodies[`${method} ${path}`] ?? {};
          const res = await t.call(method.toUpperCase(), url, { token: tokens[caller], ...(hasJson ? { body } : {}) });
          const denied = denialStatus(op['x-access'] as Access, asActor[caller]);
          const expected = hidden[`${method} ${path}`]?.[caller] ?? denied;
          checked++;
          const ok = expected === null ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === expected;
          if (!ok) failures.push(`${method.toUpperCase()} ${path} as ${caller}: ${res.status}, expected ${expected ?? 'allowed'} (${res.text.slice(0, 120)})`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(125);
  });
});
