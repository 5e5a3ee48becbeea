/**
 * Keeps the search index in step with the archive. Services call these functions inside
 * the transaction of the write they make (an import, an accepted correction, a booking,
 * an edit, a deletion, a renamed person), so the index never shows what the database
 * does not hold, nor misses what it does.
 *
 * A dialogue has one header document (its title and the names of its people) and one
 * document per segment of the transcript version the public sees (the latest, unless the
 * station holds unreviewed machine drafts back: see publicVersionsOf). Other versions are
 * not indexed, so a held draft is never found. Lines of an unreviewed machine draft are
 * flagged `unreviewed`, and rank below reviewed text.
 * Documents keep their id across versions as long as they stand for the same line
 * (same place in the transcript): the id orders results by recency, and a correction
 * should not make a 2021 broadcast look new.
 */
import type { Db, Trx } from '../db/connection.ts';
import { yieldToReaders } from '../db/sqlite-driver.ts';
import { latestVersionsOf, publicVersionsOf } from '../transcripts/transcripts.repository.ts';
import { HEADER_FACET, dialogueFacets, facet } from './facets.ts';
import { ANALYSIS_VERSION, analyzeText } from './indonesian.ts';
import * as repo from './search.repository.ts';

/** What the index holds for one text, and what it adds to the frequencies. */
interface Analysis {
  terms: string;
  surfaces: string;
  distinctTerms: Set<string>;
  distinctSurfaces: Set<string>;
  length: number;
}

function analyse(text: string): Analysis {
  const tokens = analyzeText(text);
  return {
    terms: tokens.map((t) => t.term).join(' '),
    surfaces: tokens.map((t) => t.surface).join(' '),
    distinctTerms: new Set(tokens.map((t) => t.term)),
    distinctSurfaces: new Set(tokens.map((t) => t.surface)),
    length: tokens.length,
  };
}

const ANALYSIS_SLICE = 1000;

/**
 * Analyses these texts ahead of a write that will index them, a thousand at a time with a
 * turn of the event loop between: the analyser remembers the words it has seen
 * (indonesian.ts), so the write's transaction, which holds the database's writer, only
 * looks them up. The first import of a long transcript spent seconds stemming in it.
 */
export async function prepareAnalysis(texts: readonly string[]): Promise<void> {
  for (let i = 0; i < texts.length; i += ANALYSIS_SLICE) {
    for (const text of texts.slice(i, i + ANALYSIS_SLICE)) analyzeText(text);
    await yieldToReaders();
  }
}

/**
 * What an indexed document added to the frequencies, from its words as stored: taking
 * it out subtracts exactly that, even if the analysis has changed since.
 */
function indexed(doc: { terms: string; surfaces: string }): Analysis {
  const words = (text: string) => (text === '' ? [] : text.split(' '));
  const terms = words(doc.terms);
  return { terms: doc.terms, surfaces: doc.surfaces, distinctTerms: new Set(terms), distinctSurfaces: new Set(words(doc.surfaces)), length: terms.length };
}

/** Document frequency changes, summed over a whole write before they reach the table. */
class StatsDelta {
  private docs = 0;
  private tokens = 0;
  private readonly terms = new Map<string, number>();
  private readonly surfaces = new Map<string, number>();

  add(analysis: Analysis, sign: 1 | -1) {
    this.docs += sign;
    this.tokens += sign * analysis.length;
    for (const term of analysis.distinctTerms) this.terms.set(term, (this.terms.get(term) ?? 0) + sign);
    for (const surface of analysis.distinctSurfaces) this.surfaces.set(surface, (this.surfaces.get(surface) ?? 0) + sign);
  }

  async save(trx: Trx) {
    await repo.adjustStats(trx, [
      { kind: 'corpus', token: 'docs', delta: this.docs },
      { kind: 'corpus', token: 'tokens', delta: this.tokens },
      ...Array.from(this.terms, ([token, delta]) => ({ kind: 'term' as const, token, delta })),
      ...Array.from(this.surfaces, ([token, delta]) => ({ kind: 'surface' as const, token, delta })),
    ]);
  }
}

const speakerFacet = (speakerId: string | null) => (speakerId === null ? [] : [facet('speaker', speakerId)]);

/** "Title — Name, Name": what a header document indexes and shows as its snippet. */
function headerText(title: string, names: string[]): string {
  return names.length === 0 ? title : `${title} — ${names.join(', ')}`;
}

async function loadSources(trx: Trx, dialogueIds: string[]) {
  const [dialogues, participants, topics, versions, state, docs] = await Promise.all([
    trx.selectFrom('dialogues').select(['id', 'title', 'station_id', 'program_id', 'starts_at']).where('id', 'in', dialogueIds).execute(),
    trx
      .selectFrom('dialogue_participants')
      .innerJoin('speakers', 'speakers.id', 'dialogue_participants.speaker_id')
      .select(['dialogue_participants.dialogue_id', 'dialogue_participants.speaker_id', 'speakers.name'])
      .where('dialogue_participants.dialogue_id', 'in', dialogueIds)
      .orderBy('speakers.name')
      .execute(),
    trx.selectFrom('dialogue_topics').select(['dialogue_id', 'topic_id']).where('dialogue_id', 'in', dialogueIds).execute(),
    publicVersionsOf(trx, dialogueIds),
    repo.indexedDialogues(trx, dialogueIds),
    repo.docsOf(trx, dialogueIds),
  ]);
  const versionIds = versions.map((v) => v.id);
  const segments =
    versionIds.length === 0
      ? []
      : await trx
          .selectFrom('transcript_segments')
          .select(['id', 'dialogue_id', 'ordinal', 'text', 'speaker_id'])
          .where('version_id', 'in', versionIds)
          .orderBy('ordinal')
          .execute();
  return { dialogues, participants, topics, state, docs, segments, versions };
}

const groupBy = <T, K>(items: readonly T[], key: (item: T) => K) => {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
};

/**
 * Brings the documents of these dialogues up to date with the database: header, facets
 * and the latest transcript version. Writes only what changed, so calling it after any
 * edit of a dialogue (a status change, most often) costs a few reads.
 */
export async function indexDialogues(trx: Trx, dialogueIds: string[]): Promise<void> {
  await repo.notePendingForRebuild(trx, dialogueIds);
  const stats = new StatsDelta();
  await syncDialogues(trx, dialogueIds, stats);
  await stats.save(trx);
}

async function syncDialogues(trx: Trx, dialogueIds: string[], stats: StatsDelta): Promise<void> {
  if (dialogueIds.length === 0) return;
  const src = await loadSources(trx, dialogueIds);
  const participantsOf = groupBy(src.participants, (p) => p.dialogue_id);
  const topicsOf = groupBy(src.topics, (t) => t.dialogue_id);
  const segmentsOf = groupBy(src.segments, (s) => s.dialogue_id);
  const docsOf = groupBy(src.docs, (d) => d.dialogueId);
  const stateOf = new Map(src.state.map((s) => [s.dialogue_id, s.facets]));

  const inserts: repo.IndexedDoc[] = [];
  const rewrites: repo.IndexedDoc[] = [];
  const moves: { docId: number; segmentId: number }[] = [];
  const removals: number[] = [];
  let nextId = await repo.nextDocId(trx);

  for (const d of src.dialogues) {
    const people = participantsOf.get(d.id) ?? [];
    const base = dialogueFacets({ ...d, topicIds: (topicsOf.get(d.id) ?? []).map((t) => t.topic_id) });
    const headerFacets = [...base, ...people.flatMap((p) => speakerFacet(p.speaker_id)), HEADER_FACET].sort().join(' ');
    const stored = stateOf.get(d.id);
    // The stored facets are the header's: the dialogue's own plus its people's ("sp…")
    // and the header marker. New dialogue facets (a programme, topic or date) touch
    // every document.
    const facetsChanged = stored?.split(' ').filter((t) => !t.startsWith('sp') && t !== HEADER_FACET).join(' ') !== base.join(' ');
    const existing = docsOf.get(d.id) ?? [];

    const text = headerText(d.title, people.map((p) => p.name));
    const oldHeader = existing.find((e) => e.segmentId === null);
    if (!oldHeader || stored !== headerFacets || oldHeader.headerText !== text) {
      const analysis = analyse(text);
      stats.add(analysis, 1);
      const doc = { docId: oldHeader?.docId ?? nextId++, dialogueId: d.id, segmentId: null, headerText: text, terms: analysis.terms, surfaces: analysis.surfaces, facets: headerFacets };
      if (oldHeader) {
        stats.add(indexed(oldHeader), -1);
        rewrites.push(doc);
      } else {
        inserts.push(doc);
      }
    }

    const oldByOrdinal = new Map(existing.filter((e) => e.segmentId !== null).map((e) => [e.ordinal as number, e]));
    for (const [i, segment] of (segmentsOf.get(d.id) ?? []).entries()) {
      if (i % ANALYSIS_SLICE === ANALYSIS_SLICE - 1) await yieldToReaders();
      const old = oldByOrdinal.get(segment.ordinal);
      oldByOrdinal.delete(segment.ordinal);
      if (old && !facetsChanged && old.text === segment.text && old.speakerId === segment.speaker_id) {
        if (old.segmentId !== segment.id) moves.push({ docId: old.docId, segmentId: segment.id });
        continue;
      }
      const analysis = analyse(segment.text);
      stats.add(analysis, 1);
      const doc = {
        docId: old ? old.docId : nextId++,
        dialogueId: d.id,
        segmentId: segment.id,
        headerText: null,
        terms: analysis.terms,
        surfaces: analysis.surfaces,
        facets: [...base, ...speakerFacet(segment.speaker_id)].join(' '),
      };
      if (old) {
        stats.add(indexed(old), -1);
        rewrites.push(doc);
      } else {
        inserts.push(doc);
      }
    }
    // Lines beyond the end of the latest version.
    for (const old of oldByOrdinal.values()) {
      stats.add(indexed(old), -1);
      removals.push(old.docId);
    }
    if (stored !== headerFacets) await repo.saveIndexedDialogue(trx, d.id, headerFacets);
  }

  await repo.deleteDocs(trx, removals);
  await repo.rewriteDocs(trx, rewrites);
  await repo.repointDocs(trx, moves);
  await repo.insertDocs(trx, inserts);
  const unreviewed = new Set(src.versions.filter((v) => v.source === 'machine' && v.reviewed_at === null).map((v) => v.dialogue_id));
  await repo.markUnreviewed(trx, dialogueIds.filter((id) => unreviewed.has(id)), 1);
  await repo.markUnreviewed(trx, dialogueIds.filter((id) => !unreviewed.has(id)), 0);
}

/** Takes a dialogue out of the index, before the dialogue itself is deleted. */
export async function unindexDialogue(trx: Trx, dialogueId: string): Promise<void> {
  await repo.notePendingForRebuild(trx, [dialogueId]);
  const docs = await repo.docsOf(trx, [dialogueId]);
  const stats = new StatsDelta();
  for (const doc of docs) stats.add(indexed(doc), -1);
  await repo.deleteDocs(
    trx,
    docs.map((d) => d.docId),
  );
  await repo.forgetIndexedDialogue(trx, dialogueId);
  await stats.save(trx);
}

/** A person's name is in the header of every dialogue they take part in. */
export async function reindexSpeaker(trx: Trx, speakerId: string): Promise<void> {
  const rows = await trx.selectFrom('dialogue_participants').select('dialogue_id').where('speaker_id', '=', speakerId).execute();
  await indexDialogues(
    trx,
    rows.map((r) => r.dialogue_id),
  );
}

const REBUILD_BATCH = 200;

/**
 * Indexes every dialogue into an empty index, oldest first so that document ids follow
 * air time. One transaction per batch: readers go on meanwhile (WAL). Document
 * frequencies are summed over the whole run and written once at the end: written per
 * batch, the same common words would be updated hundreds of times. Between batches,
 * `onProgress` is awaited and `shouldStop` asked.
 */
export async function fillIndex(db: Db, onProgress?: (done: number, total: number) => void | Promise<void>, shouldStop?: () => boolean): Promise<boolean> {
  return fillInBatches(db, (work) => db.transaction().execute(work), onProgress, shouldStop);
}

/**
 * The same, inside the caller's transaction, for a database that comes into being whole
 * or not at all (a copy into PostgreSQL, db/copy-to-postgres.ts); records the analysis
 * version it was built with, as a rebuild does.
 */
export async function fillIndexWithin(trx: Trx, onProgress?: (done: number, total: number) => void): Promise<void> {
  await fillInBatches(trx, (work) => work(trx), onProgress);
  await repo.setAnalysisBuilt(trx, ANALYSIS_VERSION);
}

async function fillInBatches(
  db: Db | Trx,
  inTransaction: (work: (trx: Trx) => Promise<void>) => Promise<void>,
  onProgress?: (done: number, total: number) => void | Promise<void>,
  shouldStop?: () => boolean,
): Promise<boolean> {
  const ids = (await db.selectFrom('dialogues').select('id').orderBy('starts_at').orderBy('id').execute()).map((r) => r.id);
  const stats = new StatsDelta();
  for (let i = 0; i < ids.length; i += REBUILD_BATCH) {
    if (shouldStop?.()) return false;
    const batch = ids.slice(i, i + REBUILD_BATCH);
    await inTransaction((trx) => syncDialogues(trx, batch, stats));
    await onProgress?.(Math.min(i + REBUILD_BATCH, ids.length), ids.length);
  }
  await inTransaction((trx) => stats.save(trx));
  return true;
}

/**
 * Gives the documents of a freshly built index the ids another index of the same archive
 * gave them (the SQLite archive a copy into PostgreSQL comes from): ids order results by
 * recency and bound the windows of a long result, and a rebuild numbers documents by air
 * time where an index kept day by day numbered them as they came. Only when both hold the
 * same documents (a header per dialogue, the same lines); says whether it did.
 */
export async function adoptDocIds(trx: Trx, other: readonly { docId: number; dialogueId: string; segmentId: number | null }[]): Promise<boolean> {
  const key = (d: { dialogueId: string; segmentId: number | null }) => (d.segmentId === null ? `h ${d.dialogueId}` : `s ${d.segmentId}`);
  const wanted = new Map(other.map((d) => [key(d), d.docId]));
  const own = await repo.docKeys(trx);
  if (own.length !== wanted.size) return false;
  const moves: { from: number; to: number }[] = [];
  for (const d of own) {
    const to = wanted.get(key(d));
    if (to === undefined) return false;
    if (to !== d.docId) moves.push({ from: d.docId, to });
  }
  await repo.renumberDocs(trx, moves);
  return true;
}

/** Brings these dialogues up to date, taking out those that no longer exist. */
export async function resyncDialogues(trx: Trx, dialogueIds: string[]): Promise<void> {
  if (dialogueIds.length === 0) return;
  const existing = new Set((await trx.selectFrom('dialogues').select('id').where('id', 'in', dialogueIds).execute()).map((r) => r.id));
  const stats = new StatsDelta();
  for (const id of dialogueIds.filter((d) => !existing.has(d))) {
    const docs = await repo.docsOf(trx, [id]);
    for (const doc of docs) stats.add(indexed(doc), -1);
    await repo.deleteDocs(trx, docs.map((d) => d.docId));
    await repo.forgetIndexedDialogue(trx, id);
  }
  await syncDialogues(trx, [...existing], stats);
  await stats.save(trx);
}

/**
 * Builds the whole index again from the database, in place, for a stopped server (the
 * CLI's "search rebuild") and the benchmark; a crash leaves a partial index that the
 * next rebuild replaces. A running server rebuilds beside the old index instead
 * (reindex.ts).
 */
export async function rebuildSearchIndex(db: Db, onProgress?: (done: number, total: number) => void): Promise<void> {
  await db.transaction().execute((trx) => repo.clearIndex(trx));
  await fillIndex(db, onProgress);
  await repo.optimizeIndex(db);
  await repo.setAnalysisBuilt(db, ANALYSIS_VERSION);
}
