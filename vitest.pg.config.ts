// `npm run test:pg`: the database-touching tests again, on PostgreSQL. test/helpers/app.ts
// reads SIARAN_TEST_DATABASE and gives each test app a scratch database of its own, dropped
// when it closes (test/helpers/postgres.ts).
// Left out, because they touch no database: formats, speaker mapping, start-time parsing,
// coverage, ffmpeg alone, the stemmer, the query parser, facets, the speech recogniser and
// the transcription pipeline's pure parts (guards, prompt, speech regions).
// Left out, because they are about SQLite itself: the groundwork migration's rebuild of an
// older SQLite file, the warm-up of SQLite's memory map (prewarm reads nothing on
// PostgreSQL), and the start test, about the first start making an SQLite file in a media
// folder, and the workers sharing one SQLite file (cluster.test.ts). The command line's tests about the SQLite file (missing, older, backup) skip
// themselves on PostgreSQL, where a backup points to pg_dump instead.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      env: { SIARAN_TEST_DATABASE: 'postgres' },
      exclude: [
        'test/transcripts/formats/**',
        'test/transcripts/speaker-mapping.test.ts',
        'test/recordings/start-time.test.ts',
        'test/recordings/coverage.test.ts',
        'test/audio/resolve.test.ts',
        'test/audio/probe.test.ts',
        'test/audio/render.test.ts',
        'test/audio/serve-abort.test.ts',
        'test/search/stemmer.test.ts',
        'test/search/query.test.ts',
        'test/search/facets.test.ts',
        'test/asr/**',
        'test/transcription/guards.test.ts',
        'test/transcription/prompt.test.ts',
        'test/transcription/speech-regions.test.ts',
        'test/db/groundwork-migration.test.ts',
        'test/search/prewarm.test.ts',
        'test/start/**',
        // Several processes on one SQLite file; test/jobs/instances.test.ts is its PostgreSQL form.
        'test/jobs/cluster.test.ts',
      ],
    },
  }),
);
