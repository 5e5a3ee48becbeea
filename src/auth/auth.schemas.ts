// Accounts as the API and the command line take them.
import { z } from '@hono/zod-openapi';

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'coordinator']),
    disabled: z.boolean().optional().openapi({ description: 'a disabled account cannot sign in; in lists and account changes' }),
    language: z.enum(['id', 'en']).optional().openapi({ description: 'the language of the messages the account receives (the daily digest)' }),
    stationIds: z.array(z.string()).optional().openapi({ description: 'the stations the account looks after (its daily digest); empty: all' }),
  })
  .openapi('User');

// The stations an account looks after; each at most once.
const stationIds = z
  .array(z.string().min(1).max(64))
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, 'each station at most once')
  .openapi({ description: 'the stations the account looks after (its daily digest); empty: all' });
const language = z.enum(['id', 'en']).openapi({ description: 'the language of the messages the account receives' });

export const UserPatch = z
  .strictObject({ role: z.enum(['admin', 'coordinator']).optional(), disabled: z.boolean().optional(), language: language.optional(), stationIds: stationIds.optional() })
  .openapi('UserPatch');

export const PasswordChange = z
  .strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(8).max(1024) })
  .openapi('PasswordChange');

export const LoginInput = z.strictObject({ email: z.email().max(254), password: z.string().min(1).max(1024) });

export const NewUserInput = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(8).max(1024),
  role: z.enum(['admin', 'coordinator']).default('coordinator'),
  language: language.optional(),
  stationIds: stationIds.optional(),
});
