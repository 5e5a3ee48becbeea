// The one error type services throw and the one JSON shape clients see (API.md "Errors").
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const notFound = (what: string, id?: string) =>
  new AppError(404, 'not_found', id ? `No ${what} with id ${id}.` : `No such ${what}.`);

export const invalid = (message: string, details?: Record<string, unknown>) =>
  new AppError(400, 'invalid_request', message, details);
