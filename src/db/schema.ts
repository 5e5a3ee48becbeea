// Table types for Kysely: one interface a table, with its Selectable/Insertable/Updateable forms.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type TranscriptPolicy = 'publish' | 'hold';
export type Language = 'id' | 'en';
export type UserRole = 'admin' | 'coordinator';
export type DialogueStatus = 'draft' | 'scheduled' | 'aired' | 'published' | 'cancelled';
export type ParticipantRole = 'speaker' | 'host' | 'moderator';
export type ParticipantResponse = 'pending' | 'confirmed' | 'declined';

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: UserRole;
  created_at: string;
  /** Set when an admin disables the account: it cannot sign in and its sessions stop. */
  disabled_at: string | null;
  /** The language of the messages the account receives (the daily digest). */
  language: Generated<Language>;
}

/** The stations an account looks after (its digest); an account with none looks after all. */
export interface StationCoordinatorTable {
  station_id: string;
  user_id: string;
}

/** One sign-in (password) or speaker-link attempt, for throttling and the record. */
export interface SignInAttemptTable {
  id: Generated<number>;
  kind: 'password' | 'speaker_link';
  /** The lower-cased email tried (known or not); null for speaker links. */
  account: string | null;
  address: string;
  succeeded: number;
  at: string;
}

export interface TokenTable {
  id: string;
  token_hash: string;
  kind: 'session' | 'speaker_link';
  user_id: string | null;
  speaker_id: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  /** A speaker link's token, encrypted (src/auth/link-secrets.ts); null for sign-in tokens and old links. */
  secret: string | null;
}

export interface StationTable {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  recorder_id: string | null;
  capture_preroll_sec: number | null;
  capture_postroll_sec: number | null;
  studio_address: string | null;
  dial_in: string | null;
  /** 'publish': machine drafts are public at once, labelled; 'hold': only once reviewed. */
  transcript_policy: Generated<TranscriptPolicy>;
  /** The language Whisper is told to expect (ISO 639-1). */
  asr_language: Generated<string>;
  /** Days its recorder files are kept; null: SIARAN_RETENTION_DAYS. */
  retention_days: number | null;
  /** JSON array of hours before a dialogue's start when speakers are reminded. */
  reminder_hours: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface ProgramTable {
  id: string;
  station_id: string;
  title: string;
  slug: string;
  description: string | null;
  organiser: string | null;
  /** 1: each dialogue is announced once it is scheduled. */
  announce_when_scheduled: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SpeakerTable {
  id: string;
  name: string;
  position: string | null;
  organisation: string | null;
  email: string | null;
  phone: string | null;
  bio: string | null;
  /** The language of the messages this person receives. */
  language: Generated<Language>;
  /** A public photo (an address), shown beside the public bio. */
  photo_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface TopicTable {
  id: string;
  name: string;
  slug: string;
  created_at: string;
}

export interface SeriesTable {
  id: string;
  station_id: string;
  rrule: string;
  local_start: string;
  duration_minutes: number;
  created_at: string;
}

export interface GlossaryTermTable {
  id: string;
  /** Null: the term belongs to every station. */
  station_id: string | null;
  term: string;
  expansion: string | null;
  created_at: string;
}

export interface DialogueTable {
  id: string;
  title: string;
  description: string | null;
  station_id: string;
  program_id: string | null;
  series_id: string | null;
  starts_at: string;
  ends_at: string;
  status: DialogueStatus;
  /** When the dialogue was made public ahead of its air time; null: not announced. */
  announced_at: string | null;
  /** The iCal SEQUENCE: raised on every change calendars must follow. */
  sequence: Generated<number>;
  /** 1: recorded before its broadcast, so audio may be attached before it starts. */
  prerecorded: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface DialogueParticipantTable {
  dialogue_id: string;
  speaker_id: string;
  role: ParticipantRole;
  response: ParticipantResponse;
  responded_at: string | null;
}

export interface DialogueTopicTable {
  dialogue_id: string;
  topic_id: string;
}

export interface DialogueHistoryTable {
  id: Generated<number>;
  dialogue_id: string;
  at: string;
  actor: string;
  action: string;
  from_value: string | null;
  to_value: string | null;
  note: string | null;
}

export type TranscriptFormatId = 'vtt' | 'srt' | 'json' | 'txt';
/** Where a version came from: a file, Whisper, a coordinator's edit, a speaker's accepted correction. */
export type TranscriptSource = 'import' | 'machine' | 'edit' | 'correction';
export type CorrectionStatus = 'pending' | 'accepted' | 'rejected';

export interface TranscriptVersionTable {
  id: string;
  dialogue_id: string;
  version: number;
  created_at: string;
  actor: string;
  source: TranscriptSource;
  source_format: TranscriptFormatId | null;
  correction_id: string | null;
  /** The Whisper model's file name, for machine versions only. */
  model: string | null;
  language: string;
  segment_count: number;
  reviewed_at: string | null;
  reviewed_by: string | null;
}

export interface TranscriptSegmentTable {
  id: Generated<number>;
  version_id: string;
  dialogue_id: string;
  ordinal: number;
  start_ms: number | null;
  end_ms: number | null;
  cue_id: string | null;
  speaker_id: string | null;
  speaker_label: string | null;
  text: string;
  /** The engine's confidence in the line (0–1); null for text people wrote. */
  confidence: number | null;
  /** JSON: [{text, startMs, endMs, confidence}] as the engine heard them; null for people's text. */
  words: string | null;
}

export interface TranscriptCorrectionTable {
  id: string;
  dialogue_id: string;
  segment_id: number;
  speaker_id: string;
  text: string;
  note: string | null;
  status: CorrectionStatus;
  created_at: string;
  reviewed_at: string | null;
  reviewer: string | null;
  result_version: number | null;
  /** The coordinator's reason, shown to the speaker (a rejection's above all). */
  review_note: string | null;
}

/**
 * The full-text table of src/search/ (full-text.ts): on SQLite an FTS5 table, whose MATCH
 * column is `search_fts`; on PostgreSQL a table with the same columns and a generated
 * tsvector, `document`, that only full-text.ts names.
 */
export interface SearchFtsTable {
  rowid: number;
  terms: string;
  surfaces: string;
  facets: string;
  search_fts: string;
}

/** Keys: analysis_wanted, analysis_built (versions of src/search/indonesian.ts's analysis). */
export interface SearchStateTable {
  key: string;
  value: number;
}

/** A dialogue whose index entries were written while a rebuild ran (search/reindex.ts). */
export interface SearchRebuildPendingTable {
  dialogue_id: string;
}

export interface SearchDocTable {
  doc_id: number;
  dialogue_id: string;
  segment_id: number | null;
  text: string | null;
  terms: string;
  surfaces: string;
  /** 1 when the dialogue is published: kept by a trigger on dialogues.status. */
  published: Generated<number>;
  /** 1 for a line of an unreviewed machine draft: ranked below reviewed text. */
  unreviewed: Generated<number>;
}

export interface SearchDialogueTable {
  dialogue_id: string;
  facets: string;
}

export interface SearchStatTable {
  kind: 'term' | 'surface' | 'corpus';
  token: string;
  docs: number;
}

export interface RecordingTable {
  id: string;
  station_id: string;
  path: string;
  original_name: string;
  starts_at: string;
  ends_at: string;
  start_source: 'filename' | 'metadata';
  duration_ms: number;
  codec: string;
  format_name: string;
  sample_rate: number;
  channels: number;
  bytes: number;
  sha256: string;
  created_at: string;
}

export interface RejectedFileTable {
  id: string;
  folder: string;
  station_id: string | null;
  original_name: string;
  path: string;
  code: string;
  message: string;
  created_at: string;
}

export interface AudioUploadTable {
  id: string;
  dialogue_id: string;
  path: string;
  content_type: string;
  bytes: number;
  duration_ms: number;
  actor: string;
  created_at: string;
}

export type AudioSource = 'recordings' | 'upload';

export interface DialogueAudioTable {
  dialogue_id: string;
  render_id: string;
  source: AudioSource;
  upload_id: string | null;
  span_starts_at: string | null;
  span_ends_at: string | null;
  coverage: 'full' | 'partial';
  /** JSON: [{from, to}] instants the recordings did not cover. */
  missing: string;
  duration_ms: number;
  opus_path: string;
  opus_bytes: number;
  mp3_path: string;
  mp3_bytes: number;
  peaks_path: string;
  measured_lufs: number | null;
  normalization: string;
  created_at: string;
}

export type JobOutcome = 'queued' | 'running' | 'attached' | 'registered' | 'skipped' | 'failed';
export type JobTrigger = 'schedule' | 'manual' | 'upload';

export interface JobRunTable {
  id: Generated<number>;
  job: string;
  dialogue_id: string | null;
  trigger: JobTrigger;
  started_at: string;
  finished_at: string | null;
  outcome: JobOutcome;
  reason: string | null;
  error: string | null;
  attempt: number;
  retry_at: string | null;
  /** JSON, job-specific: what was registered or rejected, the coverage of a capture. */
  details: string | null;
  /** How far a running transcription has got (0–100); null for jobs that do not report it. */
  progress: number | null;
  /** The worker process holding a queued or running run (src/jobs/queue.ts); null while it waits to be claimed. */
  lease_owner: string | null;
  /** Until when the owner holds it; renewed while the run goes on, taken over once past. */
  lease_expires_at: string | null;
}

/** One row per scheduled tick that fired: the primary key lets one instance of the cluster run it. */
export interface JobTickTable {
  name: string;
  slot: string;
  owner: string;
  fired_at: string;
}

export type MessageKind = 'invitation' | 'reminder' | 'change' | 'cancellation' | 'digest';
export type MessageStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/** The outbox: one row a message, written with the change that causes it. */
export interface MessageTable {
  id: string;
  /** What caused the message (kind, dialogue, person, sequence or reminder time): unique. */
  idempotency_key: string;
  /** The Message-ID header, fixed when queued so every attempt carries the same one. */
  message_id: string;
  kind: MessageKind;
  dialogue_id: string | null;
  speaker_id: string | null;
  user_id: string | null;
  to_email: string | null;
  to_phone: string | null;
  language: Language;
  subject: string;
  text_body: string;
  html_body: string;
  ics: string | null;
  status: MessageStatus;
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface Database {
  users: UserTable;
  tokens: TokenTable;
  sign_in_attempts: SignInAttemptTable;
  stations: StationTable;
  programs: ProgramTable;
  speakers: SpeakerTable;
  topics: TopicTable;
  series: SeriesTable;
  dialogues: DialogueTable;
  dialogue_participants: DialogueParticipantTable;
  dialogue_topics: DialogueTopicTable;
  dialogue_history: DialogueHistoryTable;
  transcript_versions: TranscriptVersionTable;
  transcript_segments: TranscriptSegmentTable;
  transcript_corrections: TranscriptCorrectionTable;
  search_fts: SearchFtsTable;
  search_docs: SearchDocTable;
  search_dialogues: SearchDialogueTable;
  search_stats: SearchStatTable;
  search_state: SearchStateTable;
  search_rebuild_pending: SearchRebuildPendingTable;
  recordings: RecordingTable;
  rejected_files: RejectedFileTable;
  audio_uploads: AudioUploadTable;
  dialogue_audio: DialogueAudioTable;
  job_runs: JobRunTable;
  job_ticks: JobTickTable;
  glossary_terms: GlossaryTermTable;
  messages: MessageTable;
  station_coordinators: StationCoordinatorTable;
}

export type User = Selectable<UserTable>;
export type Station = Selectable<StationTable>;
export type NewStation = Insertable<StationTable>;
export type StationUpdate = Updateable<StationTable>;
export type Program = Selectable<ProgramTable>;
export type Speaker = Selectable<SpeakerTable>;
export type Topic = Selectable<TopicTable>;
export type Dialogue = Selectable<DialogueTable>;
export type NewDialogue = Insertable<DialogueTable>;
export type DialogueUpdate = Updateable<DialogueTable>;
export type DialogueParticipant = Selectable<DialogueParticipantTable>;
export type DialogueHistory = Selectable<DialogueHistoryTable>;
export type TranscriptVersion = Selectable<TranscriptVersionTable>;
export type TranscriptSegment = Selectable<TranscriptSegmentTable>;
export type NewTranscriptSegment = Insertable<TranscriptSegmentTable>;
export type TranscriptCorrection = Selectable<TranscriptCorrectionTable>;
export type Recording = Selectable<RecordingTable>;
export type AudioUpload = Selectable<AudioUploadTable>;
export type DialogueAudio = Selectable<DialogueAudioTable>;
export type JobRun = Selectable<JobRunTable>;
export type GlossaryTerm = Selectable<GlossaryTermTable>;
export type Message = Selectable<MessageTable>;
export type NewMessage = Insertable<MessageTable>;
