// Request and response shapes of the glossary API.
import { z } from '@hono/zod-openapi';
import type { GlossaryTerm } from '../db/schema.ts';

export const GlossaryTermSchema = z
  .object({
    id: z.string(),
    stationId: z.string().nullable().openapi({ description: 'null: a term of every station' }),
    term: z.string().openapi({ example: 'Kominfo' }),
    expansion: z.string().nullable().openapi({ example: 'Komunikasi dan Informatika' }),
    createdAt: z.string(),
  })
  .openapi('GlossaryTerm');

export const GlossaryTermInput = z.strictObject({
  term: z.string().trim().min(1).max(100).openapi({ description: 'a name or an acronym as it is written', example: 'KIM' }),
  expansion: z.string().trim().min(1).max(300).nullable().optional().openapi({ description: 'what the acronym stands for; search finds each from the other', example: 'Kelompok Informasi Masyarakat' }),
});

export const StationParam = z.object({ id: z.string().min(1).max(64) });
export const StationTermParam = z.object({ id: z.string().min(1).max(64), termId: z.string().min(1).max(64) });
export const TermParam = z.object({ termId: z.string().min(1).max(64) });

export const toGlossaryTermJson = (row: GlossaryTerm) => ({ id: row.id, stationId: row.station_id, term: row.term, expansion: row.expansion, createdAt: row.created_at });
