/**
 * Rebuilds the search index when the analysis changed, while the app keeps serving the
 * old one (issue 16, "a fixed index").
 *
 * A migration that changes the analysis records the version it wants (search_state);
 * at start-up, when the index was built with an older version, this builds a complete
 * new index in tables beside the old ones (search_docs_next, search_fts_next, …) with
 * the same code that keeps the index every day, pointed at those tables by a Kysely
 * plugin that renames them in every statement. Searches meanwhile read the old tables.
 * Then, in one write transaction: the dialogues any process (this one, another instance,
 * the CLI) indexed during the build, noted in search_rebuild_pending while search_state
 * says 'rebuilding', are brought up to date in the new tables, the copies of "published"
 * refreshed, the old tables dropped and the new ones renamed into their place, with their
 * indexes and triggers (how, differs by database: full-text.ts). A reader sees the old index or the
 * new one, never a mix.
 *
 * Several instances share the database: the first to take the rebuild's lock (db/locks.ts)
 * builds, the others keep serving the old index and read the new one once it is in place.
 *
 * Progress: a run of job "search-reindex" in GET /api/jobs (details: dialogues done and
 * total), and a line in the log every tenth. A build that stops (SIGTERM, crash) leaves
 * its tables behind, and writes go on being noted; the next start drops them and begins
 * again.
 */
import { type KyselyPlugin, OperationNodeTransformer, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, TableNode, type UnknownRow, sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { PROCESS_LOCKS, unlessHeldElsewhere } from '../db/locks.ts';
import * as runs from '../jobs/runs.repository.ts';
import { ANALYSIS_VERSION } from './indonesian.ts';
import { SEARCH_TABLES, fullTextOf, nextTable as next } from './full-text.ts';
import { fillIndex, resyncDialogues } from './search.index.ts';
import * as repo from './search.repository.ts';

class RenameSearchTables extends OperationNodeTransformer {
  protected override transformTable(node: TableNode): TableNode {
    const name = node.table.identifier.name;
    return (SEARCH_TABLES as readonly string[]).includes(name) ? TableNode.create(next(name)) : super.transformTable(node);
  }
}

/** Points every statement at the tables being built. */
class NextIndexTables implements KyselyPlugin {
  private readonly renamer = new RenameSearchTables();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.renamer.transformNode(args.node);
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const nowIso = () => new Date().toISOString();

export interface ReindexOptions {
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Awaited after each batch of dialogues, before the next. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/**
 * 'current': nothing to do; 'rebuilt': the new index is in place; 'stopped': aborted;
 * 'elsewhere': another process on the database is rebuilding it.
 */
export async function reindexIfWanted(db: Db, options: ReindexOptions = {}): Promise<'current' | 'rebuilt' | 'stopped' | 'elsewhere'> {
  if ((await repo.analysisVersions(db)).built >= ANALYSIS_VERSION) return 'current';
  // Instances started together all find the index old: one rebuilds it, the others serve the
  // old one meanwhile and read the new one once it is swapped in, since the tables are shared.
  const held = await unlessHeldElsewhere(db, PROCESS_LOCKS.searchRebuild, () => rebuild(db, options));
  if (held.ran) return held.value;
  options.log?.('Pencarian: proses lain pada basis data ini sedang membangun ulang indeks; pencarian memakai indeks lama sampai selesai.');
  return 'elsewhere';
}

async function rebuild(db: Db, options: ReindexOptions): Promise<'current' | 'rebuilt' | 'stopped'> {
  const log = options.log ?? (() => {});
  // Asked again under the lock: another process may have finished a rebuild since.
  const versions = await repo.analysisVersions(db);
  if (versions.built >= ANALYSIS_VERSION) return 'current';

  const runId = await runs.insertRun(db, { job: 'search-reindex', dialogue_id: null, trigger: 'schedule', started_at: nowIso(), outcome: 'running', attempt: 1 });
  await db.transaction().execute((trx) => repo.startRebuild(trx));
  try {
    await fullTextOf(db).createNextTables(db);
    const building = db.withPlugin(new NextIndexTables());
    log(`Pencarian: membangun ulang indeks untuk versi analisis ${ANALYSIS_VERSION} (sebelumnya ${versions.built}); pencarian memakai indeks lama sampai selesai.`);
    let shownTenth = 0;
    const complete = await fillIndex(
      building,
      async (done, total) => {
        await runs.updateRun(db, runId, { details: JSON.stringify({ done, total }) });
        await options.onProgress?.(done, total);
        const tenth = Math.floor((done / total) * 10);
        if (tenth > shownTenth || done === total) {
          shownTenth = tenth;
          log(`Pencarian: ${done} dari ${total} dialog sudah dibangun ulang.`);
        }
      },
      () => options.signal?.aborted === true,
    );
    if (!complete) {
      await db.transaction().execute((trx) => repo.endRebuild(trx));
      await runs.updateRun(db, runId, { outcome: 'failed', reason: 'stopped: the process is stopping; the next start begins again', finished_at: nowIso() });
      return 'stopped';
    }
    await repo.optimizeIndex(building);
    await swapIn(db);
    const details = await db.selectFrom('job_runs').select('details').where('id', '=', runId).executeTakeFirst();
    await runs.updateRun(db, runId, { outcome: 'registered', reason: `analysis version ${ANALYSIS_VERSION}`, finished_at: nowIso(), details: details?.details ?? null });
    log(`Pencarian: indeks yang dibangun ulang (versi analisis ${ANALYSIS_VERSION}) kini dipakai.`);
    return 'rebuilt';
  } catch (error) {
    await db.transaction().execute((trx) => repo.endRebuild(trx));
    await runs.updateRun(db, runId, { outcome: 'failed', reason: 'the rebuild failed; searches use the old index', error: error instanceof Error ? error.message : String(error), finished_at: nowIso() });
    throw error;
  }
}

async function swapIn(db: Db) {
  await db.transaction().execute(async (trx) => {
    // Writes any process made during the build, now that no other index write can come in.
    await resyncDialogues(trx.withPlugin(new NextIndexTables()), await repo.endRebuild(trx));
    // "published" is kept by a trigger on the old table; a status changed during the
    // build by another process would otherwise be stale in the new one.
    await sql`update ${sql.table(next('search_docs'))}
      set published = coalesce((select case when status = 'published' then 1 else 0 end from dialogues where id = dialogue_id), 0)`.execute(trx);
    await fullTextOf(trx).swapInNextTables(trx);
    await repo.setAnalysisBuilt(trx, ANALYSIS_VERSION);
  });
}
