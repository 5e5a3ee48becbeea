// `npm run test:conformance -- [folder]`: runs the tests under test/conformance/ against the
// conformance data in `folder` (default ../shared/conformance, beside the repository), which
// `npm test` never needs. A missing folder stops the run with status 2 rather than passing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/server.ts';

const folder = path.resolve(process.argv[2] ?? path.join(repoRoot, '../shared/conformance'));
if (!existsSync(folder)) {
  console.error(`No conformance data at ${folder}. Usage: npm run test:conformance -- <folder holding webvtt/ and snowball-indonesian/>`);
  process.exit(2);
}
const vitest = path.join(repoRoot, 'node_modules/vitest/vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.conformance.config.ts'], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, SIARAN_CONFORMANCE_DIR: folder },
});
process.exit(run.status ?? 1);
