// SQLite twin of migrations/postgres/2026_12_07_140000_search_header_indexes.ts, which
// gives PostgreSQL partial indexes over the dialogue headers. Nothing to do here: FTS5 reads
// the header marker facet's posting list beside the words' (src/search/full-text.ts), in
// document order, and stops at the window's end.
import type { Kysely } from 'kysely';

export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
