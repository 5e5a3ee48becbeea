// The outbox as the API shows it to coordinators.
import { z } from '@hono/zod-openapi';

export const MessageListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  status: z.enum(['pending', 'sent', 'failed', 'cancelled']).optional(),
  dialogue: z.string().min(1).max(64).optional(),
});

export const MessageSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['invitation', 'reminder', 'change', 'cancellation', 'digest']),
    status: z.enum(['pending', 'sent', 'failed', 'cancelled']),
    dialogueId: z.string().nullable(),
    dialogueTitle: z.string().nullable(),
    speakerId: z.string().nullable(),
    speakerName: z.string().nullable(),
    recipientName: z.string().nullable().openapi({ description: "The person's name, or the coordinator's for a digest" }),
    toEmail: z.string().nullable(),
    toPhone: z.string().nullable(),
    language: z.enum(['id', 'en']),
    subject: z.string(),
    text: z.string(),
    messageId: z.string().openapi({ description: 'The Message-ID header: the same on every attempt' }),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    whatsappUrl: z.string().nullable().openapi({ description: 'A wa.me link with the text filled in, when the person has a phone number' }),
  })
  .openapi('Message');
