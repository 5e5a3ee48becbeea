// Issue 13 benchmark: how long /healthz and a list of dialogues take while a 7.5 MiB WebVTT
// is imported (parsed, indexed and written), against the same requests with nothing else
// going on. Before the import was sliced, they waited for all of it (12 s on the reporter's
// machine). Requests go one after another, so the figures are what a monitor or a person sees.
import { createTestApp, seedBasics } from '../helpers/app.ts';
import { listen } from '../helpers/server.ts';
import { bigVtt } from '../transcripts/big-vtt.ts';
import { airedDialogue } from '../transcripts/helpers.ts';

const MIB = Number(process.env.BENCH_IMPORT_MIB ?? 7.5);
const t = await createTestApp();
const s = await seedBasics(t);
const d = await airedDialogue(t, s, 'published');
const file = bigVtt(MIB * 1024 * 1024);
const server = await listen(t.app, t.config.bodyLimitBytes);

async function probe(): Promise<number> {
  const started = performance.now();
  for (const path of ['/healthz', '/api/dialogues?limit=5']) {
    const res = await fetch(server.base + path);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path} → ${res.status}`);
  }
  return performance.now() - started;
}

async function probesWhile(busy: () => boolean): Promise<number[]> {
  const times: number[] = [];
  while (busy()) {
    times.push(await probe());
    await new Promise((r) => setTimeout(r, 20));
  }
  return times;
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.floor(sorted.length * 0.95)]!, max: sorted[sorted.length - 1]!, n: sorted.length };
};

const idleUntil = performance.now() + 5_000;
const idle = stats(await probesWhile(() => performance.now() < idleUntil));

let importing = true;
const started = performance.now();
const result = fetch(`${server.base}/api/dialogues/${d.id}/transcript`, {
  method: 'PUT',
  headers: { authorization: `Bearer ${t.coordinator}`, 'content-type': 'text/vtt' },
  body: file,
}).then(async (res) => {
  importing = false;
  if (res.status !== 201) throw new Error(`import → ${res.status} ${await res.text()}`);
  return (await res.json()) as { version: { segments: number } };
});
const during = stats(await probesWhile(() => importing));
const imported = await result;
const importMs = performance.now() - started;
await server.close();
await t.close();

const ms = (n: number) => `${n.toFixed(0)} ms`;
console.log(`\nLarge transcript import (${(file.length / 1048576).toFixed(1)} MiB WebVTT, ${imported.version.segments} lines): ${ms(importMs)}`);
console.log(`  /healthz + a list of dialogues, one after the other:`);
console.log(`    idle:             p50 ${ms(idle.p50)}, p95 ${ms(idle.p95)}, max ${ms(idle.max)} (${idle.n} pairs)`);
console.log(`    during the import: p50 ${ms(during.p50)}, p95 ${ms(during.p95)}, max ${ms(during.max)} (${during.n} pairs)`);
console.log(`    ratio p95 during / idle: ${(during.p95 / idle.p95).toFixed(1)}×; the slowest pair waited ${((100 * during.max) / importMs).toFixed(0)} % of the import`);
