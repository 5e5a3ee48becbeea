// Where the conformance data lives: test vectors written by others (the web-platform-tests
// WebVTT cases, the Snowball Indonesian vocabulary), kept outside the repository under their
// own licences. `npm run test:conformance -- <folder>` (test/conformance/run.ts) names it.
import { existsSync } from 'node:fs';
import path from 'node:path';

export function conformanceFolder(...inside: string[]): string {
  const root = process.env.SIARAN_CONFORMANCE_DIR;
  if (!root) throw new Error('SIARAN_CONFORMANCE_DIR is not set: run these tests with `npm run test:conformance -- <folder>`.');
  const folder = path.join(root, ...inside);
  if (!existsSync(folder)) throw new Error(`${folder} does not exist: the conformance folder lacks ${inside.join('/')}.`);
  return folder;
}
