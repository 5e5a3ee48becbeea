// iCal feeds of dialogues (a station's, a speaker's own), built with ical-generator.
// Events carry the station's TZID with a VTIMEZONE from timezones-ical-library, so calendar
// apps show the slot in the station's zone and convert it correctly for the reader.
import icalGenerator, { ICalAlarmType, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { Actor } from '../auth/actor.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Station } from '../db/schema.ts';
import { listVisibleDialogues, participantsOf } from '../dialogues/dialogues.repository.ts';

const vtimezone = (tz: string) => tzlib_get_ical_block(tz)[0] ?? null;

const statusOf = { cancelled: ICalEventStatus.CANCELLED, draft: ICalEventStatus.TENTATIVE } as const;

// Calendar descriptions are read by people, in the archive's language.
const ROLE_WORDS: Record<string, string> = { speaker: 'narasumber', host: 'pembawa acara', moderator: 'moderator' };

export async function dialogueCalendar(
  db: Db,
  config: Config,
  actor: Actor,
  opts: { name: string; stationId?: string; speakerId?: string; stations: Map<string, Station> },
): Promise<string> {
  // A calendar feed is for planning: from a month back on, at most 1000 events.
  const from = new Date(Date.now() - 31 * 86_400_000).toISOString();
  const rows = await listVisibleDialogues(db, actor, { stationId: opts.stationId, speakerId: opts.speakerId, from }, null, 1000);
  const people = await participantsOf(db, rows.map((r) => r.id));
  const now = new Date().toISOString();
  // The public (and another dialogue's speaker) sees only confirmed people of an announced dialogue.
  const shown = (d: (typeof rows)[number], p: (typeof people)[number]) =>
    actor.kind === 'user' || d.status === 'published' || p.response === 'confirmed' || (actor.kind === 'speaker' && people.some((q) => q.dialogue_id === d.id && q.speaker_id === actor.speakerId));
  const calendar = icalGenerator({
    name: opts.name,
    prodId: { company: 'Siaran', product: 'siaran', language: 'ID' },
    timezone: { name: null, generator: vtimezone },
  });
  for (const d of rows.slice(0, 1000)) {
    // A cancelled dialogue stays in the feed (marked cancelled) until its time has passed.
    if (d.status === 'cancelled' && d.ends_at <= now && actor.kind !== 'user') continue;
    const station = opts.stations.get(d.station_id);
    const who = people.filter((p) => p.dialogue_id === d.id && shown(d, p)).map((p) => `${p.name} (${ROLE_WORDS[p.role]})`);
    // A speaker's own feed reminds them as the station's messages do.
    const alarms =
      opts.speakerId && station && d.status === 'scheduled'
        ? (JSON.parse(station.reminder_hours) as number[]).map((h) => ({ type: ICalAlarmType.display, trigger: h * 3600, description: d.title }))
        : [];
    calendar.createEvent({
      id: `${d.id}@siaran`,
      // A luxon DateTime in the station's zone: given a plain Date, ical-generator would
      // write its UTC fields under the TZID.
      start: DateTime.fromISO(d.starts_at).setZone(d.timezone),
      end: DateTime.fromISO(d.ends_at).setZone(d.timezone),
      timezone: d.timezone,
      summary: d.title,
      location: station?.name ?? null,
      description: [d.description, who.length > 0 ? `Peserta: ${who.join(', ')}` : null].filter(Boolean).join('\n\n'),
      status: d.status in statusOf ? statusOf[d.status as keyof typeof statusOf] : ICalEventStatus.CONFIRMED,
      url: `${config.publicUrl}/dialog/${d.id}`,
      sequence: d.sequence,
      alarms,
      lastModified: new Date(d.updated_at),
      stamp: new Date(d.updated_at),
    });
  }
  return calendar.toString();
}
