// Issue 16: what loading the root-word list (src/search/rootwords.ts, the npm package
// sastrawijs) adds to start-up, against the Snowball stemmer alone in the same run.
// Each figure is a fresh Node process that imports the module and analyses one word,
// so module loading is counted; five runs each, median.
//
//   npx tsx test/bench/rootwords.bench.ts
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/search');
const RUNS = 5;

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Milliseconds from the import to the first answer, as the child measures them. */
function time(module: string, call: string): number {
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(path.join(src, module))}); m.${call}; console.log(performance.now() - t);`;
  return median(
    Array.from({ length: RUNS }, () => Number(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' }).trim())),
  );
}

const snowball = time('stemmer.ts', "stem('keterbukaan')");
const dictionary = time('rootwords.ts', "dictionaryRoot('keterbukaan')");
console.log(`Root-word list: first analysis ${dictionary.toFixed(0)} ms after import, Snowball alone ${snowball.toFixed(0)} ms (×${(dictionary / snowball).toFixed(1)}); the difference, ${(dictionary - snowball).toFixed(0)} ms, is what start-up pays once.`);
