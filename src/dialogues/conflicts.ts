// Booking conflicts: a dialogue may not overlap another on the same station, nor put a
// person in two overlapping dialogues anywhere. Intervals are half-open [start, end), so
// back-to-back slots do not conflict. Cancelled dialogues and people who declined never
// conflict. Callers run this inside the transaction that writes the booking, so
// concurrent bookings are serialised and exactly one of two clashing bookings wins: the
// check first locks the station and every person it reads (db/locks.ts), so on PostgreSQL
// a second booking of the same station or person waits for the first to commit.
import type { Trx } from '../db/connection.ts';
import { lockNames } from '../db/locks.ts';
import { AppError, said } from '../errors.ts';

export type Slot = { startsAt: string; endsAt: string };
export type Conflict = {
  dialogueId: string;
  reason: 'station' | 'participant';
  speakerId?: string;
  startsAt: string;
  endsAt: string;
};

export async function findConflicts(
  db: Trx,
  booking: { stationId: string | null; speakerIds: string[]; slots: Slot[]; ignoreIds: string[] },
): Promise<Conflict[]> {
  const conflicts: Conflict[] = [];
  const ignore = booking.ignoreIds.length > 0 ? booking.ignoreIds : [''];
  for (const slot of booking.slots) {
    const onStation = booking.stationId === null ? [] : await db
      .selectFrom('dialogues')
      .select(['id', 'starts_at', 'ends_at'])
      .where('station_id', '=', booking.stationId)
      .where('status', '!=', 'cancelled')
      .where('starts_at', '<', slot.endsAt)
      .where('ends_at', '>', slot.startsAt)
      .where('id', 'not in', ignore)
      .execute();
    for (const d of onStation) conflicts.push({ dialogueId: d.id, reason: 'station', startsAt: d.starts_at, endsAt: d.ends_at });

    if (booking.speakerIds.length === 0) continue;
    const withPeople = await db
      .selectFrom('dialogue_participants as p')
      .innerJoin('dialogues', 'dialogues.id', 'p.dialogue_id')
      .select(['dialogues.id', 'dialogues.starts_at', 'dialogues.ends_at', 'p.speaker_id'])
      .where('p.speaker_id', 'in', booking.speakerIds)
      .where('p.response', '!=', 'declined')
      .where('dialogues.status', '!=', 'cancelled')
      .where('dialogues.starts_at', '<', slot.endsAt)
      .where('dialogues.ends_at', '>', slot.startsAt)
      .where('dialogues.id', 'not in', ignore)
      .execute();
    for (const d of withPeople) {
      conflicts.push({ dialogueId: d.id, reason: 'participant', speakerId: d.speaker_id, startsAt: d.starts_at, endsAt: d.ends_at });
    }
  }
  return conflicts;
}

export async function assertNoConflicts(db: Trx, booking: Parameters<typeof findConflicts>[1]): Promise<void> {
  await lockNames(db, [
    ...(booking.stationId === null ? [] : [`booking:station:${booking.stationId}`]),
    ...booking.speakerIds.map((id) => `booking:speaker:${id}`),
  ]);
  const conflicts = await findConflicts(db, booking);
  if (conflicts.length > 0) {
    const stations = conflicts.filter((c) => c.reason === 'station').length;
    const people = conflicts.length - stations;
    throw new AppError(
      409,
      'dialogue_conflict',
      said(
        `Pemesanan ini bertabrakan dengan ${[stations && `${stations} dialog di stasiun yang sama`, people && `${people} jadwal pesertanya`].filter(Boolean).join(' dan ')}.`,
        `This booking overlaps ${[stations && `${stations} dialogue(s) on the same station`, people && `${people} booking(s) of its participants`].filter(Boolean).join(' and ')}.`,
      ),
      { conflicts },
    );
  }
}
