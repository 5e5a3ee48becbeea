// What an operator reads in the terminal or the journal is Indonesian, like every other message:
// a real server (demo, first account, jobs) and a real worker on its database are started,
// left to print everything start-up prints, stopped, and what they printed is read with the
// detector of test/pages/indonesian.test.ts (test/helpers/english.ts). Zero is the bar.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishVocabulary, leaksIn } from '../helpers/english.ts';
import { randomPort, type Started, startListening, startWorker, waitFor } from '../helpers/server.ts';

let media = '';
let app: Started;
let worker: Started;
let english: Set<string>;

beforeAll(async () => {
  english = englishVocabulary();
  media = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-log-language-'));
  const env = { SIARAN_MEDIA_DIR: media, SIARAN_DEMO: '1' };
  app = await startListening({ ...env, PORT: randomPort() });
  // The last lines of a start: the messages' route once the jobs run, and the search warm-up.
  await waitFor(() => /^Pesan: /m.test(app.output()) && /^Pencarian: .* dibaca/m.test(app.output()), 60_000);
  worker = await startWorker(env);
  for (const p of [app, worker]) p.child.kill('SIGTERM');
  expect(await app.exited).toBe(0);
  expect(await worker.exited).toBe(0);
}, 180_000);

afterAll(() => {
  for (const p of [app, worker]) if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  fs.rmSync(media, { recursive: true, force: true });
});

describe('what the server and a worker print', () => {
  it('is what start-up says, from the first line to the stop', () => {
    expect(app.output()).toMatch(/^ffmpeg /m);
    expect(app.output()).toMatch(/^Transkripsi otomatis/m);
    expect(app.output()).toMatch(/^Arsip demo dimuat/m);
    expect(app.output()).toMatch(/^Siaran siap melayani di http:\/\/\S+ \(port \d+\); basis data /m);
    expect(app.output()).toMatch(/^Akun koordinator pertama: /m);
    expect(app.output()).toMatch(/^Tugas: jadwal SIARAN_INTAKE_SCHEDULE=/m);
    expect(app.output()).toMatch(/^Instans ini juga mengerjakan tugas \(SIARAN_JOBS=0 membuatnya hanya melayani web\)\.$/m);
    expect(app.output()).toMatch(/^SIGTERM: berhenti$/m);
    expect(worker.output()).toMatch(/^Worker Siaran \S+ mulai mengerjakan tugas; basis data /m);
    expect(worker.output()).toMatch(/^Tugas: jadwal SIARAN_INTAKE_SCHEDULE=/m);
    // A worker runs jobs whatever SIARAN_JOBS says: it does not offer that switch.
    expect(worker.output()).not.toContain('SIARAN_JOBS');
    expect(worker.output()).toMatch(/^SIGTERM: berhenti$/m);
  });

  it('has no English in it', () => {
    expect([...leaksIn('server', app.output(), english), ...leaksIn('worker', worker.output(), english)]).toEqual([]);
  });

  it('would be caught saying it in English', () => {
    expect(leaksIn('server', 'Siaran is listening on http://127.0.0.1:3000 (port 3000); database media/siaran.db', english)).not.toEqual([]);
  });
});
