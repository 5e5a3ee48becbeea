// `npm run test:pg`: the database-touching tests again, on PostgreSQL. test/helpers/app.ts
// reads SIARAN_TEST_DATABASE and gives each test app a scratch database of its own.
// Excluded: tests that touch no database (formats, analysis, ffmpeg alone), and the ones
// about SQLite itself: its file, its upgrade path, its command-line backup, the warm-up of
// its memory map, and the start test (test/start), which is about the first start making an
// SQLite file in a media folder.
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
        'test/db/groundwork-migration.test.ts',
        'test/cli/**',
        'test/search/prewarm.test.ts',
        'test/start/**',
      ],
    },
  }),
);
