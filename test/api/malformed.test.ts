// A sweep of malformed input over every write endpoint, generated from the OpenAPI
// document: bodies that are not JSON, not objects, with each field of the wrong type,
// with unknown fields, with the wrong content type, and hostile path ids. Every answer
// must be a 4xx in the error shape, and the database must be byte-for-byte unchanged.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let doc: any;
let realIds: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const s = await seedBasics(t);
  const d = await t.create('/api/dialogues', { ...booking(s.station.id, '2031-09-08T09:00', '2031-09-08T10:00'), participants: [{ speakerId: s.suliwati.id, role: 'speaker' }] });
  realIds = { stations: s.station.id, programs: s.program.id, speakers: s.suliwati.id, dialogues: d.id, corrections: 'none' };
  doc = (await t.call('GET', '/api/openapi.json')).json;
});
afterAll(() => t.close());

async function snapshot(): Promise<string> {
  // PostgreSQL's change counter (the response caches' signal) may move on a statement that
  // matched no row; it is bookkeeping, not data.
  const tables = (await t.db.introspection.getTables()).map((table) => table.name).filter((name) => name !== 'change_counter').sort();
  const dump: Record<string, unknown> = {};
  for (const name of tables) {
    // Sessions are written by design (login), so tokens are compared without them.
    dump[name] = (await sql.raw(`select * from "${name}" order by 1`).execute(t.db)).rows;
  }
  return JSON.stringify(dump);
}

const wrongTypes = (schema: any): unknown[] => {
  const types = new Set<string>([schema?.type].flat().filter(Boolean));
  if (schema?.anyOf) for (const s of schema.anyOf) for (const ty of [s.type].flat()) types.add(ty);
  const candidates: [string, unknown][] = [
    ['string', 12345],
    ['string', { $gt: '' }],
    ['number', 'not a number'],
    ['integer', 'not a number'],
    ['boolean', 'yes'],
    ['array', 'not-a-list'],
    ['array', { length: 1 }],
    ['object', 'not-an-object'],
    ['object', [1, 2]],
  ];
  const out = candidates.filter(([ty]) => types.has(ty)).map(([, v]) => v);
  if (!types.has('null')) out.push(null);
  if (!types.has('array')) out.push(['a']);
  if (!types.has('boolean')) out.push(true);
  if (schema?.enum) out.push('not-in-the-enum');
  return out;
};

function resolve(schema: any): any {
  if (schema?.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()]);
  return schema;
}

function badBodies(schema: any): { label: string; raw: string; type?: string }[] {
  const props = resolve(schema)?.properties ?? {};
  const bodies: { label: string; raw: string; type?: string }[] = [
    { label: 'empty body', raw: '' },
    { label: 'truncated JSON', raw: '{"title": "Dialog", ' },
    { label: 'not JSON', raw: 'title=Dialog' },
    { label: 'JSON null', raw: 'null' },
    { label: 'JSON array', raw: '[{}]' },
    { label: 'JSON string', raw: '"dialog"' },
    { label: 'JSON number', raw: '42' },
    { label: 'deep nesting', raw: '['.repeat(5000) + ']'.repeat(5000) },
    { label: 'unknown field only', raw: JSON.stringify({ surprise: 1 }) },
    { label: 'proto pollution', raw: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}' },
    { label: 'text/plain content type', raw: '{}', type: 'text/plain' },
    { label: 'form content type', raw: 'a=b', type: 'application/x-www-form-urlencoded' },
    { label: 'no content type', raw: '{}', type: '' },
  ];
  for (const [field, fieldSchema] of Object.entries<any>(props)) {
    for (const value of wrongTypes(resolve(fieldSchema))) {
      bodies.push({ label: `${field} = ${JSON.stringify(value)}`, raw: JSON.stringify({ [field]: value }) });
    }
    bodies.push({ label: `${field} and an unknown field`, raw: JSON.stringify({ [field]: 'x', unknownField: true }) });
  }
  return bodies;
}

const hostileIds = ["' or 1=1 --", '../../etc/passwd', '%00', 'a'.repeat(300), '🙂', 'null', '0'];

describe('malformed input', () => {
  it('never answers 5xx and never writes, over hundreds of generated bad requests', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    let sent = 0;
    const send = async (method: string, url: string, raw: string | undefined, type: string | undefined, label: string) => {
      const headers: Record<string, string> = { authorization: `Bearer ${t.coordinator}` };
      if (type) headers['content-type'] = type;
      const res = await t.app.request(url, { method, headers, body: raw });
      sent++;
      const text = await res.text();
      let shaped = false;
      try {
        shaped = typeof JSON.parse(text).error.code === 'string';
      } catch {
        shaped = false;
      }
      if (res.status < 400 || res.status >= 500 || !shaped) failures.push(`${method} ${url} [${label}] → ${res.status} ${text.slice(0, 100)}`);
    };

    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        if (method === 'get' || path === '/api/auth/logout') continue;
        const resource = path.split('/')[2] as string;
        const url = path.replace(/\{[^}]+\}/, realIds[resource] ?? 'x');
        const json = op.requestBody?.content?.['application/json'];
        if (json) {
          for (const body of badBodies(json.schema)) {
            await send(method.toUpperCase(), url, body.raw, body.type ?? 'application/json', body.label);
          }
        }
        if (path.includes('{')) {
          for (const id of hostileIds) {
            const hostile = path.replace(/\{[^}]+\}/, encodeURIComponent(id));
            await send(method.toUpperCase(), hostile, json ? '{}' : undefined, json ? 'application/json' : undefined, `id ${id}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(300);
    expect(await snapshot()).toBe(before);
  });

  it('answers 413 for a body over the size limit', async () => {
    const res = await t.call('POST', '/api/stations', {
      token: t.coordinator,
      rawBody: JSON.stringify({ name: 'x'.repeat(t.config.bodyLimitBytes + 10), timezone: 'Asia/Jakarta' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('payload_too_large');
  });

  it('rejects bad list parameters with 400, not 500', async () => {
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'cursor=garbage', 'from=2021-13-01T00:00', 'status=lost', 'unknown=1']) {
      const res = await t.call('GET', `/api/dialogues?${query}`, { token: t.coordinator });
      expect(res.status, query).toBe(400);
    }
  });
});
