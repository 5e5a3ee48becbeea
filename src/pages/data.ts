// What the pages read, through the services (and the list functions the API's own routes
// use): names of stations, programmes and topics, and a dialogue's audio and transcript.
// Every read passes the asker's actor, so the visibility rule decides what a page shows.
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/connection.ts';
import type { Program, Station } from '../db/schema.ts';
import type { DialogueJson } from '../dialogues/dialogues.schemas.ts';
import { AppError } from '../errors.ts';
import { listPrograms } from '../programs/programs.repository.ts';
import { listVisibleSpeakers } from '../speakers/speakers.repository.ts';
import { listStations } from '../stations/stations.repository.ts';
import { listTopics } from '../topics/topics.repository.ts';
import { readTranscript } from '../transcripts/transcripts.service.ts';

// Directories are small (a network has dozens of stations and some hundreds of
// programmes); past this many, the pages would need search-as-you-type instead of lists.
const DIRECTORY_LIMIT = 2000;

export type Directory = {
  stations: Map<string, Station>;
  programs: Map<string, Program>;
  topics: Map<string, string>;
};

export async function directory(db: Db): Promise<Directory> {
  const [stations, programs, topics] = await Promise.all([
    listStations(db, null, DIRECTORY_LIMIT),
    listPrograms(db, { after: null, limit: DIRECTORY_LIMIT }),
    listTopics(db, null, DIRECTORY_LIMIT),
  ]);
  return {
    stations: new Map(stations.map((s) => [s.id, s])),
    programs: new Map(programs.map((p) => [p.id, p])),
    topics: new Map(topics.map((t) => [t.slug, t.name])),
  };
}

/** People the asker may see (the public: those in published dialogues), by name. */
export const visiblePeople = (db: Db, actor: Actor) => listVisibleSpeakers(db, actor, { after: null, limit: DIRECTORY_LIMIT });

import type { AudioJson } from '../recordings/audio.schemas.ts';

export type { AudioJson };

export const audioOf = (d: DialogueJson): AudioJson | null => d.audio;

export type TranscriptLine = {
  id: string;
  startMs: number | null;
  endMs: number | null;
  speaker: { id: string | null; name: string } | null;
  text: string;
};

/** `unreviewed`: a machine draft no person has reviewed, shown with a label saying so. */
export type TranscriptView = { version: number; language: string; unreviewed: boolean; lines: TranscriptLine[] };

/** The latest transcript of a dialogue the actor may see, or null when there is none yet. */
export async function transcriptOf(db: Db, actor: Actor, dialogueId: string): Promise<TranscriptView | null> {
  try {
    const { json } = await readTranscript(db, actor, dialogueId, undefined);
    return { version: json.version.version, language: json.version.language, unreviewed: json.version.source === 'machine' && !json.version.reviewed, lines: json.segments };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}
