// `npm run bench`: every benchmark in this folder, one after the other, each printing its figures.
// Run one alone with `npx tsx test/bench/<name>.bench.ts`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
for (const file of fs.readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  console.log(`\n=== ${file}`);
  execFileSync(process.execPath, ['--import', 'tsx', path.join(here, file)], { stdio: 'inherit' });
}
