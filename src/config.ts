// Reads the environment once, validated, so a bad setting stops the start with a message
// naming the variable instead of failing later in some request.
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isValidSchedule } from './config/schedule.ts';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const schedule = z.string().refine(isValidSchedule, 'harus berupa ekspresi cron, misalnya "*/5 * * * *"');
const seconds = (max: number) => z.coerce.number().int().min(0).max(max);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SIARAN_MEDIA_DIR: z.string().min(1).default('./media'),
  SIARAN_DATABASE: z.string().min(1).optional(),
  SIARAN_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/./, 'harus berupa alamat PostgreSQL, misalnya postgres://siaran@db.example/siaran')
    .optional(),
  SIARAN_ADMIN_EMAIL: z.email().optional(),
  SIARAN_ADMIN_PASSWORD: z.string().min(8, 'paling sedikit 8 karakter').optional(),
  SIARAN_DEMO: flag.default(true),
  SIARAN_PUBLIC_URL: z.url().optional(),
  SIARAN_BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10_240).default(256),
  SIARAN_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SIARAN_JOBS: flag.default(true),
  SIARAN_INTAKE_SCHEDULE: schedule.default('* * * * *'),
  SIARAN_CAPTURE_SCHEDULE: schedule.default('*/5 * * * *'),
  SIARAN_INCOMING_QUIET_SEC: seconds(86_400).default(60),
  SIARAN_CAPTURE_PREROLL_SEC: seconds(3600).default(60),
  SIARAN_CAPTURE_POSTROLL_SEC: seconds(3600).default(60),
  SIARAN_CAPTURE_GRACE_MIN: seconds(1440).default(10),
  SIARAN_CAPTURE_PARTIAL_AFTER_MIN: z.union([z.literal('never'), seconds(100_000)]).default(360),
  SIARAN_CAPTURE_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  SIARAN_JOB_RETRIES: z.coerce.number().int().min(0).max(20).default(5),
  SIARAN_JOB_RETRY_BASE_SEC: seconds(86_400).default(60),
  SIARAN_JOB_LEASE_SEC: z.coerce.number().int().min(1).max(3600).default(60),
  SIARAN_UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(20_480).default(1024),
  SIARAN_METRICS_TOKEN: z.string().min(16, 'paling sedikit 16 karakter').optional(),
  // nginx's internal location that serves the storage root, e.g. /_siaran_media/ (README, "Behind nginx").
  SIARAN_TRUSTED_PROXIES: z
    .string()
    .regex(/^[0-9A-Fa-f.:]+(\s*,\s*[0-9A-Fa-f.:]+)*$/, 'harus berupa alamat IP yang dipisah koma, misalnya 127.0.0.1')
    .optional(),
  SIARAN_MEDIA_ACCEL_PREFIX: z.string().regex(/^\/[A-Za-z0-9_\/-]*\/$/, 'harus berupa jalur yang diawali dan diakhiri "/", misalnya /_siaran_media/').optional(),
  SIARAN_MIN_FREE_MB: z.coerce.number().int().min(0).max(10_485_760).default(1024),
  SIARAN_RETENTION_DAYS: z.union([z.literal('never'), z.coerce.number().int().min(1).max(36_500)]).default(30),
  SIARAN_REJECTED_RETENTION_DAYS: z.union([z.literal('never'), z.coerce.number().int().min(1).max(36_500)]).default(30),
  SIARAN_RETENTION_SCHEDULE: schedule.default('17 * * * *'),
  SIARAN_ASR_MODEL: z.string().min(1).optional(),
  SIARAN_ASR_VAD_MODEL: z.string().min(1).optional(),
  SIARAN_ASR_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  SIARAN_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'harus berupa URL smtp:// atau smtps://, misalnya smtp://user:pass@mail.example.id:587')
    .optional(),
  SIARAN_MAIL_FROM: z.string().min(3).default('Siaran <siaran@localhost>'),
  SIARAN_OUTBOX_SCHEDULE: schedule.default('* * * * *'),
  SIARAN_DIGEST_SCHEDULE: schedule.default('0 7 * * *'),
  SIARAN_MAIL_RETRIES: z.coerce.number().int().min(0).max(50).default(10),
  SIARAN_MAIL_RETRY_BASE_SEC: seconds(86_400).default(60),
});

export type CaptureConfig = {
  /** Whether this process runs the scheduled jobs and claims queued ones (SIARAN_JOBS); web-only, it only queues them. */
  scheduled: boolean;
  intakeSchedule: string;
  captureSchedule: string;
  /** A file in media/incoming/ untouched for this long is complete. */
  quietMs: number;
  prerollMs: number;
  postrollMs: number;
  /** How long after a dialogue's end its recordings are first looked for. */
  graceMs: number;
  /** After how long past the end a partly covered dialogue gets what there is; null: never. */
  partialAfterMs: number | null;
  /** Older dialogues are not looked at by the schedule (a manual capture still works). */
  lookbackMs: number;
  retries: number;
  retryBaseMs: number;
  /** How long a worker holds a run without renewing it (SIARAN_JOB_LEASE_SEC), src/jobs/queue.ts. */
  leaseMs: number;
  uploadLimitBytes: number;
  /** When recorder files past their retention and expired rejected files are removed. */
  retentionSchedule: string;
};

export type StorageConfig = {
  /** Below this much free space in the media folder, intake and capture stop and /healthz says degraded. */
  minFreeBytes: number;
  /** Recorder files older than this many days go once no uncaptured dialogue needs them; a station may say otherwise; null: kept forever. */
  retentionDays: number | null;
  /** Files turned away by intake are removed after this many days; null: kept forever. */
  rejectedRetentionDays: number | null;
};

/** The speech recogniser's files are checked by checkAsrSettings (src/asr/) at start-up: a bad
 *  file turns transcription off instead of stopping the app. */
export type AsrConfig = {
  /** Absolute path of a ggml Whisper model; null: automatic transcription is off. */
  model: string | null;
  /** Absolute path of a ggml Silero VAD model; null: no VAD. */
  vadModel: string | null;
  threads: number;
};

export type MailConfig = {
  /** null: messages stay in the outbox for the console (and WhatsApp by hand). */
  smtpUrl: string | null;
  from: string;
  /** cron: when the outbox is sent and reminders are queued. */
  schedule: string;
  /** cron: when the coordinators' daily digest is queued (once a day whatever this says). */
  digestSchedule: string;
  retries: number;
  retryBaseMs: number;
};

export type Config = {
  port: number;
  host: string;
  mediaDir: string;
  databasePath: string;
  /** A PostgreSQL address: when set, the database is there and databasePath is unused. */
  databaseUrl: string | null;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  demo: boolean;
  publicUrl: string;
  bodyLimitBytes: number;
  sessionDays: number;
  /** The bearer token /metrics asks for; null: /metrics answers 404. */
  metricsToken: string | null;
  /** nginx's internal location for the storage root; media answers hand it the file by X-Accel-Redirect. null: Siaran sends the bytes. */
  mediaAccelPrefix: string | null;
  /** Proxies whose X-Forwarded-For names the client (src/http/client.ts). */
  trustedProxies: string[];
  capture: CaptureConfig;
  storage: StorageConfig;
  asr: AsrConfig;
  mail: MailConfig;
};

export class ConfigError extends Error {}

/** Zod's own sentences (a number out of range, a bad e-mail) in Indonesian, as the operator reads them. */
export const indonesianIssues = { error: z.locales.id().localeError };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')), indonesianIssues);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Pengaturan tidak sah:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mediaDir = path.resolve(e.SIARAN_MEDIA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    mediaDir,
    databasePath: e.SIARAN_DATABASE ? path.resolve(e.SIARAN_DATABASE) : path.join(mediaDir, 'siaran.db'),
    databaseUrl: e.SIARAN_DATABASE_URL ?? null,
    adminEmail: e.SIARAN_ADMIN_EMAIL,
    adminPassword: e.SIARAN_ADMIN_PASSWORD,
    demo: e.SIARAN_DEMO,
    publicUrl: (e.SIARAN_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    bodyLimitBytes: e.SIARAN_BODY_LIMIT_KB * 1024,
    sessionDays: e.SIARAN_SESSION_DAYS,
    metricsToken: e.SIARAN_METRICS_TOKEN ?? null,
    mediaAccelPrefix: e.SIARAN_MEDIA_ACCEL_PREFIX ?? null,
    trustedProxies: e.SIARAN_TRUSTED_PROXIES ? e.SIARAN_TRUSTED_PROXIES.split(',').map((a) => a.trim()) : [],
    capture: {
      scheduled: e.SIARAN_JOBS,
      intakeSchedule: e.SIARAN_INTAKE_SCHEDULE,
      captureSchedule: e.SIARAN_CAPTURE_SCHEDULE,
      quietMs: e.SIARAN_INCOMING_QUIET_SEC * 1000,
      prerollMs: e.SIARAN_CAPTURE_PREROLL_SEC * 1000,
      postrollMs: e.SIARAN_CAPTURE_POSTROLL_SEC * 1000,
      graceMs: e.SIARAN_CAPTURE_GRACE_MIN * 60_000,
      partialAfterMs: e.SIARAN_CAPTURE_PARTIAL_AFTER_MIN === 'never' ? null : e.SIARAN_CAPTURE_PARTIAL_AFTER_MIN * 60_000,
      lookbackMs: e.SIARAN_CAPTURE_LOOKBACK_DAYS * 86_400_000,
      retries: e.SIARAN_JOB_RETRIES,
      retryBaseMs: e.SIARAN_JOB_RETRY_BASE_SEC * 1000,
      leaseMs: e.SIARAN_JOB_LEASE_SEC * 1000,
      uploadLimitBytes: e.SIARAN_UPLOAD_LIMIT_MB * 1024 * 1024,
      retentionSchedule: e.SIARAN_RETENTION_SCHEDULE,
    },
    storage: {
      minFreeBytes: e.SIARAN_MIN_FREE_MB * 1024 * 1024,
      retentionDays: e.SIARAN_RETENTION_DAYS === 'never' ? null : e.SIARAN_RETENTION_DAYS,
      rejectedRetentionDays: e.SIARAN_REJECTED_RETENTION_DAYS === 'never' ? null : e.SIARAN_REJECTED_RETENTION_DAYS,
    },
    asr: {
      model: e.SIARAN_ASR_MODEL ? path.resolve(e.SIARAN_ASR_MODEL) : null,
      vadModel: e.SIARAN_ASR_VAD_MODEL ? path.resolve(e.SIARAN_ASR_VAD_MODEL) : null,
      // One core stays free for requests and ffmpeg.
      threads: e.SIARAN_ASR_THREADS ?? Math.max(1, os.availableParallelism() - 1),
    },
    mail: {
      smtpUrl: e.SIARAN_SMTP_URL ?? null,
      from: e.SIARAN_MAIL_FROM,
      schedule: e.SIARAN_OUTBOX_SCHEDULE,
      digestSchedule: e.SIARAN_DIGEST_SCHEDULE,
      retries: e.SIARAN_MAIL_RETRIES,
      retryBaseMs: e.SIARAN_MAIL_RETRY_BASE_SEC * 1000,
    },
  };
}
