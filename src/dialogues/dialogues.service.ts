// Booking dialogues: single slots and series, edits of one occurrence or of this and the
// following ones, the life cycle, and the history of every move. Each write is one
// transaction that checks conflicts before it writes, so nothing is half-done.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { type Actor, actorLabel } from '../auth/actor.ts';
import { type Db, type Trx, nowIso } from '../db/connection.ts';
import type { Dialogue, DialogueStatus, ParticipantResponse, Station } from '../db/schema.ts';
import { AppError, notFound, THINGS, said, type Localized } from '../errors.ts';
import { page } from '../http/schemas.ts';
import { findProgram } from '../programs/programs.repository.ts';
import { indexDialogues, unindexDialogue } from '../search/search.index.ts';
import { findStation } from '../stations/stations.repository.ts';
import { assertSpeakerRef, programByRef, stationByRef, topicByRef } from '../stations/references.ts';
import { localDateTime, toUtcIso } from '../time/instants.ts';
import { toAudioJson } from '../recordings/audio.schemas.ts';
import { audioOfDialogues } from '../recordings/recordings.repository.ts';
import { latestVersionsOf, publicVersionsOf } from '../transcripts/transcripts.repository.ts';
import { type MessageSettings, type Notice, queueNotices } from '../messages/messages.service.ts';
import { assertNoConflicts, type Slot } from './conflicts.ts';
import * as repo from './dialogues.repository.ts';
import type { DialogueInput, DialogueJson, DialogueListQuery, DialoguePatch, SeriesInput } from './dialogues.schemas.ts';
import { STATUS_WORDS, assertReschedulable, assertStatusChange, assertTransition } from './lifecycle.ts';
import { occurrences } from './series.ts';

const fieldError = (path: string, message: Localized) =>
  new AppError(400, 'invalid_request', message, { fields: [{ path, message }] });

/** Dialogues as the API shows them, with participants and topics fetched in two queries for the whole page. */
/** `publicView`: the transcript summary is of the version the public may read (see publicVersionsOf). */
export async function toDialogueJson(db: Db | Trx, rows: (Dialogue & { timezone: string })[], publicView = false): Promise<DialogueJson[]> {
  const ids = rows.map((r) => r.id);
  const [participants, topics, transcripts, audio] = await Promise.all([
    repo.participantsOf(db, ids),
    repo.topicsOf(db, ids),
    publicView ? publicVersionsOf(db, ids) : latestVersionsOf(db, ids),
    audioOfDialogues(db, ids),
  ]);
  const audioOf = new Map(audio.map((a) => [a.dialogue_id, toAudioJson(a)]));
  const transcriptOf = new Map(transcripts.map((v) => [v.dialogue_id, { version: v.version, segments: v.segment_count, language: v.language, source: v.source, reviewed: v.reviewed_at !== null }]));
  return rows.map((d) => ({
    id: d.id,
    title: d.title,
    description: d.description,
    stationId: d.station_id,
    programId: d.program_id,
    seriesId: d.series_id,
    startsAt: d.starts_at,
    endsAt: d.ends_at,
    timezone: d.timezone,
    status: d.status,
    announcedAt: d.announced_at,
    prerecorded: d.prerecorded === 1,
    participants: participants
      .filter((p) => p.dialogue_id === d.id)
      .map((p) => ({ speakerId: p.speaker_id, name: p.name, role: p.role, response: p.response })),
    topics: topics.filter((t) => t.dialogue_id === d.id).map((t) => t.slug),
    audio: audioOf.get(d.id) ?? null,
    transcript: transcriptOf.get(d.id) ?? null,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
  }));
}

/**
 * What the asker may know of a dialogue's people: everyone for coordinators, for the
 * archive (published) and for the dialogue's own speakers; of an announced dialogue the
 * public and other speakers see only those who confirmed.
 */
export function forAudience(actor: Actor, d: DialogueJson): DialogueJson {
  if (actor.kind === 'user' || d.status === 'published') return d;
  if (actor.kind === 'speaker' && d.participants.some((p) => p.speakerId === actor.speakerId)) return d;
  return { ...d, participants: d.participants.filter((p) => p.response === 'confirmed') };
}

export async function getDialogue(db: Db, actor: Actor, id: string): Promise<DialogueJson> {
  const row = await repo.findVisibleDialogue(db, actor, id);
  if (!row) throw notFound(THINGS.dialogue, id);
  const [json] = await toDialogueJson(db, [row], actor.kind === 'anonymous');
  return forAudience(actor, json as DialogueJson);
}

export async function listDialogues(db: Db, actor: Actor, query: DialogueListQuery, after: { key: string; id: string } | null) {
  // Stations and programmes by id or slug; a reference to nothing is a 400, not an empty list.
  const station = query.station === undefined ? undefined : await stationByRef(db, query.station);
  const program = query.program === undefined ? undefined : await programByRef(db, query.program);
  if (query.speaker !== undefined) await assertSpeakerRef(db, query.speaker);
  if (query.topic !== undefined) await topicByRef(db, query.topic);
  // Local from/to are read in the station's zone when the list is for one station, else in UTC.
  const zone = station?.timezone ?? 'UTC';
  const rows = await repo.listVisibleDialogues(
    db,
    actor,
    {
      stationId: station?.id,
      programId: program?.id,
      speakerId: query.speaker,
      topicSlug: query.topic,
      seriesId: query.series,
      status: query.status,
      order: query.order,
      from: query.from === undefined ? undefined : toUtcIso(localDateTime(query.from, zone, 'from')),
      to: query.to === undefined ? undefined : toUtcIso(localDateTime(query.to, zone, 'to')),
    },
    after,
    query.limit,
  );
  const result = page(rows, query.limit, (d) => [d.starts_at, d.id]);
  return { items: (await toDialogueJson(db, result.items, actor.kind === 'anonymous')).map((d) => forAudience(actor, d)), nextCursor: result.nextCursor };
}

async function requireStation(db: Db | Trx, stationId: string): Promise<Station> {
  const station = await findStation(db, stationId);
  if (!station) throw fieldError('stationId', said(`Tidak ada stasiun dengan id ${stationId}.`, `No station with id ${stationId}.`));
  return station;
}

async function checkProgram(db: Db | Trx, programId: string | null | undefined, stationId: string) {
  if (!programId) return;
  const program = await findProgram(db, programId);
  if (!program) throw fieldError('programId', said(`Tidak ada program dengan id ${programId}.`, `No programme with id ${programId}.`));
  if (program.station_id !== stationId) throw fieldError('programId', said('Program ini milik stasiun lain.', 'This programme belongs to another station.'));
}

async function checkSpeakers(db: Db | Trx, participants: repo.ParticipantSpec[]) {
  const wanted = participants.map((p) => p.speakerId);
  const found = new Set(await repo.existingSpeakerIds(db, wanted));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) throw fieldError('participants', said(`Tidak ada orang dengan id ${missing.join(', ')}.`, `No person with id ${missing.join(', ')}.`));
}

async function topicIds(db: Db | Trx, slugs: string[]): Promise<string[]> {
  const rows = await repo.topicIdsBySlug(db, slugs);
  const missing = slugs.filter((s) => !rows.some((r) => r.slug === s));
  if (missing.length > 0) throw fieldError('topics', said(`Tidak ada topik dengan slug ${missing.join(', ')}.`, `No topic with slug ${missing.join(', ')}.`));
  return rows.map((r) => r.id);
}

// RRI first went on air in September 1945: a booking before that, or a century ahead, is a
// typing mistake (a year of 1900 or 2206), not a broadcast.
const EARLIEST_YEAR = 1945;
const LATEST_YEAR = 2100;

function span(startsAt: DateTime, endsAt: DateTime): Slot {
  if (startsAt.year < EARLIEST_YEAR || endsAt.year > LATEST_YEAR) {
    throw fieldError(
      startsAt.year < EARLIEST_YEAR ? 'startsAt' : 'endsAt',
      said(`Tanggal harus antara tahun ${EARLIEST_YEAR} dan ${LATEST_YEAR}.`, `The date must fall between ${EARLIEST_YEAR} and ${LATEST_YEAR}.`),
    );
  }
  const ms = endsAt.toMillis() - startsAt.toMillis();
  if (ms <= 0) throw fieldError('endsAt', said('Waktu selesai harus sesudah waktu mulai.', 'endsAt must be after startsAt.'));
  if (ms > repo.MAX_DIALOGUE_MS) throw fieldError('endsAt', said('Satu dialog paling lama 24 jam.', 'A dialogue lasts at most 24 hours.'));
  return { startsAt: toUtcIso(startsAt), endsAt: toUtcIso(endsAt) };
}

const describeSlot = (slot: Slot) => `${slot.startsAt}/${slot.endsAt}`;

async function insertBooking(
  trx: Trx,
  actor: Actor,
  input: DialogueInput,
  slot: Slot,
  topicIdList: string[],
  seriesId: string | null,
  settings: MessageSettings,
): Promise<string> {
  const id = randomUUID();
  const now = nowIso();
  const announce = input.status === 'scheduled' && (await announcesWhenScheduled(trx, input.programId));
  await repo.insertDialogue(trx, {
    id,
    title: input.title,
    description: input.description ?? null,
    station_id: input.stationId,
    program_id: input.programId ?? null,
    series_id: seriesId,
    starts_at: slot.startsAt,
    ends_at: slot.endsAt,
    status: input.status,
    announced_at: announce ? now : null,
    prerecorded: input.prerecorded ? 1 : 0,
    created_at: now,
    updated_at: now,
  });
  await repo.replaceParticipants(
    trx,
    id,
    input.participants.map((p) => ({ dialogue_id: id, speaker_id: p.speakerId, role: p.role, response: 'pending', responded_at: null })),
  );
  await repo.replaceTopics(trx, id, topicIdList);
  await repo.addHistory(trx, [
    { dialogue_id: id, at: now, actor: actorLabel(actor), action: 'created', from_value: null, to_value: `${input.status} ${describeSlot(slot)}`, note: null },
  ]);
  await indexDialogues(trx, [id]);
  if (input.status === 'scheduled' && Date.parse(slot.startsAt) > Date.now()) {
    await queueNotices(trx, settings, id, input.participants.map((p) => ({ speakerId: p.speakerId, kind: 'invitation' })));
  }
  return id;
}

async function announcesWhenScheduled(trx: Trx, programId: string | null | undefined): Promise<boolean> {
  if (!programId) return false;
  return (await findProgram(trx, programId))?.announce_when_scheduled === 1;
}

export async function createDialogue(db: Db, actor: Actor, input: DialogueInput, settings: MessageSettings): Promise<DialogueJson> {
  const id = await db.transaction().execute(async (trx) => {
    const station = await requireStation(trx, input.stationId);
    await checkProgram(trx, input.programId, station.id);
    await checkSpeakers(trx, input.participants);
    const topicIdList = await topicIds(trx, input.topics);
    const slot = span(
      localDateTime(input.startsAt, station.timezone, 'startsAt'),
      localDateTime(input.endsAt, station.timezone, 'endsAt'),
    );
    await assertNoConflicts(trx, {
      stationId: station.id,
      speakerIds: input.participants.map((p) => p.speakerId),
      slots: [slot],
      ignoreIds: [],
    });
    return insertBooking(trx, actor, input, slot, topicIdList, null, settings);
  });
  return getDialogue(db, actor, id);
}

export async function createSeries(db: Db, actor: Actor, input: SeriesInput, settings: MessageSettings) {
  const { id, dialogueIds } = await db.transaction().execute(async (trx) => {
    const station = await requireStation(trx, input.stationId);
    await checkProgram(trx, input.programId, station.id);
    await checkSpeakers(trx, input.participants);
    const topicIdList = await topicIds(trx, input.topics);
    const first = localDateTime(input.startsAt, station.timezone, 'startsAt');
    const firstEnd = localDateTime(input.endsAt, station.timezone, 'endsAt');
    span(first, firstEnd);
    const durationMs = firstEnd.toMillis() - first.toMillis();
    const slots = occurrences(input.rrule, first).map((start) => span(start, start.plus({ milliseconds: durationMs })));
    const overlapping = slots.findIndex((slot, i) => i > 0 && slot.startsAt < (slots[i - 1] as Slot).endsAt);
    if (overlapping > 0) throw fieldError('rrule', said('Kejadian-kejadian aturan ini saling bertumpuk.', 'Occurrences of this rule overlap each other.'));
    await assertNoConflicts(trx, {
      stationId: station.id,
      speakerIds: input.participants.map((p) => p.speakerId),
      slots,
      ignoreIds: [],
    });
    const seriesId = randomUUID();
    await trx
      .insertInto('series')
      .values({
        id: seriesId,
        station_id: station.id,
        rrule: input.rrule,
        local_start: first.toISO({ includeOffset: false }) as string,
        duration_minutes: Math.round(durationMs / 60_000),
        created_at: nowIso(),
      })
      .execute();
    const ids: string[] = [];
    for (const slot of slots) ids.push(await insertBooking(trx, actor, input, slot, topicIdList, seriesId, settings));
    return { id: seriesId, dialogueIds: ids };
  });
  const rows = await repo.listVisibleDialogues(db, actor, { seriesId: id }, null, dialogueIds.length);
  return { id, rrule: input.rrule, dialogues: await toDialogueJson(db, rows) };
}

/**
 * Where an occurrence goes when the edited one moves: the same change of calendar day and
 * of wall-clock time in the station's zone, and the new duration.
 */
function moveLike(occurrence: Dialogue, zone: string, before: Slot, after: Slot): Slot {
  const oldStart = DateTime.fromISO(before.startsAt, { zone });
  const newStart = DateTime.fromISO(after.startsAt, { zone });
  const dayShift = Math.round(newStart.startOf('day').diff(oldStart.startOf('day'), 'days').days);
  const start = DateTime.fromISO(occurrence.starts_at, { zone })
    .plus({ days: dayShift })
    .set({ hour: newStart.hour, minute: newStart.minute, second: newStart.second, millisecond: newStart.millisecond });
  const durationMs = Date.parse(after.endsAt) - Date.parse(after.startsAt);
  return { startsAt: toUtcIso(start), endsAt: toUtcIso(start.plus({ milliseconds: durationMs })) };
}

export async function updateDialogue(
  db: Db,
  actor: Actor,
  id: string,
  patch: DialoguePatch,
  scope: 'this' | 'following',
  settings: MessageSettings,
): Promise<DialogueJson> {
  await db.transaction().execute(async (trx) => {
    const dialogue = await repo.findDialogue(trx, id);
    if (!dialogue) throw notFound(THINGS.dialogue, id);
    const station = (await findStation(trx, dialogue.station_id)) as Station;
    const targets = scope === 'following' && dialogue.series_id ? await repo.seriesFollowing(trx, dialogue.series_id, dialogue.starts_at) : [dialogue];

    if (patch.programId !== undefined) await checkProgram(trx, patch.programId, station.id);
    if (patch.participants) await checkSpeakers(trx, patch.participants);
    const newTopicIds = patch.topics ? await topicIds(trx, patch.topics) : null;

    const oldSlot = { startsAt: dialogue.starts_at, endsAt: dialogue.ends_at };
    let newSlot: Slot | null = null;
    if (patch.startsAt !== undefined || patch.endsAt !== undefined) {
      const start = patch.startsAt !== undefined ? localDateTime(patch.startsAt, station.timezone, 'startsAt') : DateTime.fromISO(dialogue.starts_at, { zone: station.timezone });
      // Moving only the start keeps the duration, as dragging a slot in a calendar does.
      const end =
        patch.endsAt !== undefined
          ? localDateTime(patch.endsAt, station.timezone, 'endsAt')
          : start.plus({ milliseconds: Date.parse(dialogue.ends_at) - Date.parse(dialogue.starts_at) });
      newSlot = span(start, end);
      if (newSlot.startsAt === oldSlot.startsAt && newSlot.endsAt === oldSlot.endsAt) newSlot = null;
    }

    const now = nowIso();
    const who = actorLabel(actor);
    const checks: { target: Dialogue; slot: Slot; speakerIds: string[] }[] = [];
    const writes: (() => Promise<unknown>)[] = [];

    for (const target of targets) {
      const status: DialogueStatus = patch.status ?? target.status;
      assertTransition(target.status, status);
      if (status !== target.status) assertStatusChange(target.status, status, target.starts_at, patch.note, now);
      const history: Parameters<typeof repo.addHistory>[1] = [];
      const entry = (action: string, from: string | null, to: string | null) =>
        history.push({ dialogue_id: target.id, at: now, actor: who, action, from_value: from, to_value: to, note: patch.note ?? null });

      let slot: Slot = { startsAt: target.starts_at, endsAt: target.ends_at };
      if (newSlot) {
        // In "following" edits, occurrences that already aired keep their time.
        if (target.id === dialogue.id) assertReschedulable(target.status);
        if (target.id === dialogue.id || target.status === 'draft' || target.status === 'scheduled') {
          slot = target.id === dialogue.id ? newSlot : moveLike(target, station.timezone, oldSlot, newSlot);
          entry('rescheduled', describeSlot({ startsAt: target.starts_at, endsAt: target.ends_at }), describeSlot(slot));
        }
      }
      if (status !== target.status) entry('status', target.status, status);

      const current = await repo.currentParticipants(trx, target.id);
      let participants = current;
      if (patch.participants) {
        // People who stay keep their answer; newcomers start as pending.
        participants = patch.participants.map((p) => {
          const kept = current.find((c) => c.speaker_id === p.speakerId);
          return {
            dialogue_id: target.id,
            speaker_id: p.speakerId,
            role: p.role,
            response: kept?.response ?? ('pending' as ParticipantResponse),
            responded_at: kept?.responded_at ?? null,
          };
        });
        const describe = (list: typeof current) => list.map((p) => `${p.speaker_id}:${p.role}`).sort().join(',');
        if (describe(current) !== describe(participants)) entry('participants', describe(current), describe(participants));
      }

      const timeOrPeopleChanged = slot.startsAt !== target.starts_at || slot.endsAt !== target.ends_at || patch.participants !== undefined;
      if (status !== 'cancelled' && (timeOrPeopleChanged || target.status === 'cancelled')) {
        checks.push({ target, slot, speakerIds: participants.filter((p) => p.response !== 'declined').map((p) => p.speaker_id) });
      }

      const fields: string[] = [];
      if (patch.title !== undefined && patch.title !== target.title) fields.push('title');
      if (patch.description !== undefined && patch.description !== target.description) fields.push('description');
      if (patch.programId !== undefined && patch.programId !== target.program_id) fields.push('programme');
      if (patch.prerecorded !== undefined && (patch.prerecorded ? 1 : 0) !== target.prerecorded) fields.push('prerecorded');
      if (newTopicIds) fields.push('topics');
      if (fields.length > 0) entry('edited', null, fields.join(','));

      const notices = noticesFor(target, status, slot, current, participants);
      const becomesScheduled = status === 'scheduled' && target.status !== 'scheduled';
      const programId = patch.programId !== undefined ? patch.programId : target.program_id;
      const announce = becomesScheduled && target.announced_at === null && (await announcesWhenScheduled(trx, programId));

      writes.push(async () => {
        await repo.updateDialogue(trx, target.id, {
          ...(patch.title !== undefined && { title: patch.title }),
          ...(patch.description !== undefined && { description: patch.description }),
          ...(patch.programId !== undefined && { program_id: patch.programId }),
          ...(patch.prerecorded !== undefined && { prerecorded: patch.prerecorded ? 1 : 0 }),
          starts_at: slot.startsAt,
          ends_at: slot.endsAt,
          status,
          // Calendars replace an event only when its SEQUENCE rises.
          ...(history.length > 0 && { sequence: target.sequence + 1 }),
          ...(announce && { announced_at: now }),
          updated_at: now,
        });
        if (patch.participants) await repo.replaceParticipants(trx, target.id, participants);
        if (newTopicIds) await repo.replaceTopics(trx, target.id, newTopicIds);
        await repo.addHistory(trx, history);
        // Titles, people, programme, topics and dates are in the search index; status is not.
        await indexDialogues(trx, [target.id]);
        // After the people are written: a message names the person's role as it now is.
        await queueNotices(trx, settings, target.id, notices);
      });
    }

    // Every occurrence is checked before anything is written, so the 409 lists all conflicts.
    const ignoreIds = targets.map((t) => t.id);
    const problems: unknown[] = [];
    for (const check of checks) {
      try {
        await assertNoConflicts(trx, { stationId: station.id, speakerIds: check.speakerIds, slots: [check.slot], ignoreIds });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push(...((error.details?.conflicts as unknown[]) ?? []).map((c) => ({ ...(c as object), occurrenceId: check.target.id })));
      }
    }
    if (problems.length > 0) {
      throw new AppError(409, 'dialogue_conflict', said(`Perubahan ini bertabrakan dengan ${problems.length} jadwal lain.`, `This change overlaps ${problems.length} other booking(s).`), { conflicts: problems });
    }
    for (const write of writes) await write();
  });
  return getDialogue(db, actor, id);
}

/**
 * Who hears of a change, and how: newcomers (or everyone, when a draft is scheduled) are
 * invited; people taken off get a cancellation; when the dialogue moves, those who have
 * not declined get a change notice; when it is cancelled, a cancellation. Only dialogues
 * that have not started are announced to people.
 */
function noticesFor(
  target: Dialogue,
  status: DialogueStatus,
  slot: Slot,
  before: { speaker_id: string; response: ParticipantResponse }[],
  after: { speaker_id: string; response: ParticipantResponse }[],
): Notice[] {
  if (Date.parse(slot.endsAt) <= Date.now()) return [];
  const wasLive = target.status === 'scheduled';
  const notices: Notice[] = [];
  const had = new Set(before.map((p) => p.speaker_id));
  const has = new Set(after.map((p) => p.speaker_id));
  const answering = (list: typeof after) => list.filter((p) => p.response !== 'declined').map((p) => p.speaker_id);
  if (status === 'cancelled') {
    if (wasLive) for (const id of answering(before)) notices.push({ speakerId: id, kind: 'cancellation' });
    return notices;
  }
  if (status !== 'scheduled') return notices;
  if (!wasLive) return after.map((p) => ({ speakerId: p.speaker_id, kind: 'invitation' as const }));
  for (const p of before) if (!has.has(p.speaker_id) && p.response !== 'declined') notices.push({ speakerId: p.speaker_id, kind: 'cancellation' });
  for (const p of after) if (!had.has(p.speaker_id)) notices.push({ speakerId: p.speaker_id, kind: 'invitation' });
  const moved = slot.startsAt !== target.starts_at || slot.endsAt !== target.ends_at;
  if (moved) for (const id of answering(after)) if (had.has(id)) notices.push({ speakerId: id, kind: 'change' });
  return notices;
}

/** Makes a scheduled dialogue public ahead of its air time (a no-op when it already is). */
export async function announceDialogue(db: Db, actor: Actor, id: string): Promise<DialogueJson> {
  await db.transaction().execute(async (trx) => {
    const dialogue = await repo.findDialogue(trx, id);
    if (!dialogue) throw notFound(THINGS.dialogue, id);
    if (dialogue.status !== 'scheduled') {
      throw new AppError(
        409,
        'not_announceable',
        said(
          `Dialog ini ${STATUS_WORDS[dialogue.status].id}; hanya dialog yang terjadwal yang dapat diumumkan.`,
          `This dialogue is ${STATUS_WORDS[dialogue.status].en}; only a scheduled dialogue can be announced.`,
        ),
      );
    }
    if (dialogue.announced_at !== null) return;
    const now = nowIso();
    await repo.updateDialogue(trx, id, { announced_at: now, updated_at: now });
    await repo.addHistory(trx, [{ dialogue_id: id, at: now, actor: actorLabel(actor), action: 'announced', from_value: null, to_value: now, note: null }]);
  });
  return getDialogue(db, actor, id);
}

export async function withdrawAnnouncement(db: Db, actor: Actor, id: string): Promise<DialogueJson> {
  await db.transaction().execute(async (trx) => {
    const dialogue = await repo.findDialogue(trx, id);
    if (!dialogue) throw notFound(THINGS.dialogue, id);
    if (dialogue.announced_at === null) return;
    const now = nowIso();
    await repo.updateDialogue(trx, id, { announced_at: null, updated_at: now });
    await repo.addHistory(trx, [
      { dialogue_id: id, at: now, actor: actorLabel(actor), action: 'announcement withdrawn', from_value: dialogue.announced_at, to_value: null, note: null },
    ]);
  });
  return getDialogue(db, actor, id);
}

export async function deleteDialogue(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const dialogue = await repo.findDialogue(trx, id);
    if (!dialogue) throw notFound(THINGS.dialogue, id);
    if (dialogue.status === 'aired' || dialogue.status === 'published') {
      throw new AppError(409, 'not_deletable', said('Dialog yang sudah disiarkan termasuk arsip, jadi tidak dapat dihapus; batalkan terbitnya, atau kembalikan ke terjadwal bila siarannya keliru dicatat.', 'An aired dialogue belongs to the archive; unpublish it instead of deleting it, or take it back to scheduled if the airing was a mistake.'));
    }
    // A dialogue's messages go with it, so people who were told of it would never hear it is
    // off: it is cancelled first (which tells them), and deleted once that has gone out.
    const messages = await trx.selectFrom('messages').select('status').where('dialogue_id', '=', id).execute();
    if (messages.some((m) => m.status === 'sent') && (dialogue.status !== 'cancelled' || messages.some((m) => m.status === 'pending'))) {
      throw new AppError(
        409,
        'not_deletable',
        said(
          dialogue.status === 'cancelled'
            ? 'Pemberitahuan pembatalan dialog ini belum terkirim; hapus setelah terkirim, atau batalkan pesannya di kotak keluar.'
            : 'Para peserta sudah diberi tahu tentang dialog ini; batalkan dialognya agar mereka menerima pembatalan, lalu hapus.',
          dialogue.status === 'cancelled'
            ? 'The cancellation notices of this dialogue have not gone out yet; delete it once they have, or cancel them in the outbox.'
            : 'Its people have been told of this dialogue; cancel it so that they hear it is off, then delete it.',
        ),
      );
    }
    await unindexDialogue(trx, id);
    await repo.deleteDialogue(trx, id);
  });
}

export async function dialogueHistory(db: Db, id: string) {
  if (!(await repo.findDialogue(db, id))) throw notFound(THINGS.dialogue, id);
  return (await repo.historyOf(db, id)).map((h) => ({
    at: h.at,
    actor: h.actor,
    action: h.action,
    from: h.from_value,
    to: h.to_value,
    note: h.note,
  }));
}

/** A speaker confirms or declines one of their own upcoming dialogues. */
export async function respond(db: Db, actor: Actor & { kind: 'speaker' }, dialogueId: string, response: 'confirmed' | 'declined') {
  await db.transaction().execute(async (trx) => {
    const dialogue = await repo.findDialogue(trx, dialogueId);
    const mine = dialogue && (await repo.currentParticipants(trx, dialogueId)).find((p) => p.speaker_id === actor.speakerId);
    if (!dialogue || !mine) throw notFound(THINGS.dialogue, dialogueId);
    if (dialogue.status !== 'draft' && dialogue.status !== 'scheduled') {
      throw new AppError(409, 'not_answerable', said(`Dialog ini ${STATUS_WORDS[dialogue.status].id}; jawaban hanya diterima sebelum disiarkan.`, `This dialogue is ${STATUS_WORDS[dialogue.status].en}; answers are taken only before it airs.`));
    }
    if (mine.response === 'declined' && response === 'confirmed') {
      await assertNoConflicts(trx, {
        stationId: null,
        speakerIds: [actor.speakerId],
        slots: [{ startsAt: dialogue.starts_at, endsAt: dialogue.ends_at }],
        ignoreIds: [dialogueId],
      });
    }
    const now = nowIso();
    await repo.setResponse(trx, dialogueId, actor.speakerId, response, now);
    if (mine.response !== response) {
      await repo.addHistory(trx, [
        { dialogue_id: dialogueId, at: now, actor: actorLabel(actor), action: 'response', from_value: mine.response, to_value: response, note: null },
      ]);
    }
  });
  return getDialogue(db, actor, dialogueId);
}
