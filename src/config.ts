// Reads the environment once, validated, so a bad setting stops the start with a message
// naming the variable instead of failing later in some request.
import path from 'node:path';
import { z } from 'zod';
import { isValidSchedule } from './jobs/scheduler.ts';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const schedule = z.string().refine(isValidSchedule, 'must be a cron expression such as "*/5 * * * *"');
const seconds = (max: number) => z.coerce.number().int().min(0).max(max);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SIARAN_MEDIA_DIR: z.string().min(1).default('./media'),
  SIARAN_DATABASE: z.string().min(1).optional(),
  SIARAN_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/./, 'must be a PostgreSQL address such as postgres://siaran@db.example/siaran')
    .optional(),
  SIARAN_ADMIN_EMAIL: z.email().optional(),
  SIARAN_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
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
  SIARAN_UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(20_480).default(1024),
});

export type CaptureConfig = {
  /** Whether the scheduled jobs run in this process (requests can still trigger captures). */
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
  uploadLimitBytes: number;
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
  capture: CaptureConfig;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
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
      uploadLimitBytes: e.SIARAN_UPLOAD_LIMIT_MB * 1024 * 1024,
    },
  };
}
