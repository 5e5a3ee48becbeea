// Reads the environment once, validated, so a bad setting stops the start with a message
// naming the variable instead of failing later in some request.
import path from 'node:path';
import { z } from 'zod';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SIARAN_MEDIA_DIR: z.string().min(1).default('./media'),
  SIARAN_DATABASE: z.string().min(1).optional(),
  SIARAN_ADMIN_EMAIL: z.email().optional(),
  SIARAN_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  SIARAN_DEMO: flag.default(true),
  SIARAN_PUBLIC_URL: z.url().optional(),
  SIARAN_BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10_240).default(256),
  SIARAN_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});

export type Config = {
  port: number;
  host: string;
  mediaDir: string;
  databasePath: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  demo: boolean;
  publicUrl: string;
  bodyLimitBytes: number;
  sessionDays: number;
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
    adminEmail: e.SIARAN_ADMIN_EMAIL,
    adminPassword: e.SIARAN_ADMIN_PASSWORD,
    demo: e.SIARAN_DEMO,
    publicUrl: (e.SIARAN_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    bodyLimitBytes: e.SIARAN_BODY_LIMIT_KB * 1024,
    sessionDays: e.SIARAN_SESSION_DAYS,
  };
}
