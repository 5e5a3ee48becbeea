// The OpenAPI document lints clean under Redocly's recommended rules (redocly.yaml): no error,
// no warning. Routes other engineers add get their operationId and security from the route
// definer, so this test holds them too.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationIdFor } from '../../src/http/openapi.ts';
import { type TestApp, createTestApp } from '../helpers/app.ts';
import { repoRoot } from '../helpers/server.ts';

type Lint = { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: { pointer?: string }[] }[] };

const work = mkdtempSync(path.join(os.tmpdir(), 'siaran-openapi-'));

async function lint(document: unknown): Promise<Lint> {
  const file = path.join(work, `openapi-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(document));
  const cli = path.join(repoRoot, 'node_modules/@redocly/cli/bin/cli.js');
  const run = promisify(execFile)(process.execPath, [cli, 'lint', file, '--config', path.join(repoRoot, 'redocly.yaml'), '--format=json'], {
    cwd: repoRoot,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  // The linter exits with 1 when it finds errors; its report is on stdout either way.
  const { stdout } = await run.catch((err: { stdout: string }) => err);
  return JSON.parse(stdout) as Lint;
}

let t: TestApp;
let document: any;
beforeAll(async () => {
  t = await createTestApp({ SIARAN_PUBLIC_URL: 'https://siaran.example.id' });
  document = (await t.call('GET', '/api/openapi.json')).json;
});
afterAll(async () => {
  await t.close();
  rmSync(work, { recursive: true, force: true });
});

const operations = () =>
  Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([route, item]) => Object.entries(item).map(([method, op]) => ({ route, method, op })));

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const result = await lint(document);
    expect(result.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
    expect(result.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('fails the same lint when an operation loses its operationId or its security', async () => {
    const broken = structuredClone(document);
    delete broken.paths['/api/dialogues'].get.operationId;
    delete broken.paths['/api/auth/login'].post.security;
    const result = await lint(broken);
    expect(result.problems.map((p) => p.ruleId).sort()).toEqual(['operation-operationId', 'security-defined']);
  }, 60_000);

  it('names the server from SIARAN_PUBLIC_URL', () => {
    expect(document.servers).toEqual([{ url: 'https://siaran.example.id', description: expect.any(String) }]);
  });

  it('gives every operation a unique camelCase operationId, and public ones security: []', () => {
    const ids = operations().map(({ op }) => op.operationId as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    for (const { route, method, op } of operations()) {
      expect(op.security, `${method} ${route}`).toEqual(op['x-access'] === 'public' ? [] : [{ bearer: [] }]);
    }
    expect(document.paths['/api/dialogues/{id}/transcript'].get.operationId).toBe('getDialoguesByIdTranscript');
  });

  it('derives operation names from the method and the full path', () => {
    expect(operationIdFor('post', '/api/corrections/{id}/accept')).toBe('postCorrectionsByIdAccept');
    expect(operationIdFor('get', '/calendar/stations/{file}')).toBe('getCalendarStationsByFile');
    expect(operationIdFor('get', '/api/me/dialogues')).toBe('getMeDialogues');
    expect(operationIdFor('put', '/api/dialogues/{dialogue-id}/audio')).toBe('putDialoguesByDialogueIdAudio');
  });
});
