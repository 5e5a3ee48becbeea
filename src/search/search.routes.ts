// GET /api/search: public, and every caller finds only what they may see.
import { z } from '@hono/zod-openapi';
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { errorResponses, jsonResponse, slugSchema } from '../http/schemas.ts';
import { DateTimeInput } from '../time/instants.ts';
import { search } from './search.service.ts';
import { langQuery } from '../http/language.ts';

const id = z.string().min(1).max(64);

const SearchQuery = z.strictObject({
  ...langQuery,
  q: z.string().max(1000).openapi({
    description:
      'Words (affixed forms find each other: penyebarluasan finds menyebarluaskan), "quoted phrases", prefix* on words as written, -exclusions. Any other syntax is read as plain words.',
    example: 'penyebarluasan informasi',
  }),
  dialogue: id.optional(),
  station: id.optional(),
  program: id.optional(),
  speaker: id.optional().openapi({ description: 'lines this person said, and dialogues they take part in' }),
  topic: slugSchema.optional(),
  from: DateTimeInput.optional().openapi({ description: 'dialogues ending after this instant (local times read in the station zone when station is given, else UTC)' }),
  to: DateTimeInput.optional().openapi({ description: 'dialogues starting before this instant' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  deep: z
    .enum(['0', '1'])
    .optional()
    .openapi({ description: '1: "cari lebih dalam", rank every match instead of the most recent 500, within a time budget the answer reports (`deep`)' }),
});

const HitSchema = z
  .object({
    kind: z.enum(['segment', 'dialogue']).openapi({ description: 'a line of a transcript, or a dialogue whose title or people matched' }),
    dialogueId: z.string(),
    dialogueTitle: z.string(),
    segmentId: z.string().nullable(),
    startMs: z.number().int().nullable(),
    endMs: z.number().int().nullable(),
    speaker: z.object({ id: z.string().nullable(), name: z.string() }).nullable(),
    snippet: z.string().openapi({ description: 'HTML: the text escaped, matched words (stem matches included) in <mark>' }),
    url: z.string().openapi({ example: '/dialog/3f6c…#t=754' }),
    score: z.number().openapi({ description: 'higher is better; the integer part counts query items found exactly as written' }),
  })
  .openapi('SearchHit');

const ResultSchema = z.object({
  items: z.array(HitSchema),
  nextCursor: z.string().nullable(),
  ranking: z.enum(['all', 'recent']).openapi({
    description: 'all: every match was ranked; recent: the query matches so much that its most recent 500 matches are ranked together, then the next 500, and so on (pages follow)',
  }),
  truncated: z.boolean().openapi({ description: 'part of a very long query was dropped' }),
  deep: z
    .object({
      budgetMs: z.number().int(),
      elapsedMs: z.number().int(),
      ranked: z.number().int().openapi({ description: 'matches read and ranked' }),
      complete: z.boolean().openapi({ description: 'false: the time budget ran out before every match was ranked (the oldest were left out)' }),
    })
    .nullable()
    .openapi({ description: 'deep searches only: what the time budget allowed' }),
});

export function searchRoutes({ db }: Deps) {
  return createApi().openapi(
    defineRoute('public', {
      method: 'get', path: '/', tags: ['Search'], operationId: 'searchArchive', summary: 'Search transcripts, titles and names (the public finds published dialogues only)',
      request: { query: SearchQuery },
      responses: { 200: jsonResponse(ResultSchema, 'Hits, best first'), ...errorResponses },
    }),
    async (c) => {
      const { deep, ...query } = c.req.valid('query');
      return c.json(await search(db, c.get('actor'), { ...query, deep: deep === '1' }), 200);
    },
  );
}
