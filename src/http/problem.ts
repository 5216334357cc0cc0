import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/**
 * An error that maps to an RFC 9457 problem response. Throw it from domain code or handlers; the
 * error handler turns it into `application/problem+json`.
 *
 * @example
 * throw new HttpProblem(404, 'Account not found', { detail: `No account ${id} in this workspace` });
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly detail: string | undefined;
  readonly errors: ProblemFieldError[] | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    status: number,
    title: string,
    options: { detail?: string; errors?: ProblemFieldError[]; extra?: Record<string, unknown> } = {},
  ) {
    super(title);
    this.status = status;
    this.detail = options.detail;
    this.errors = options.errors;
    this.extra = options.extra;
  }
}

export interface ProblemFieldError {
  /** Dotted path of the offending field, e.g. `body.records.3.email`. */
  path: string;
  message: string;
}

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
};

function sendProblem(reply: FastifyReply, status: number, body: Record<string, unknown>): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', status, ...body });
}

/** Maps Postgres constraint errors to a client error instead of a 500. */
function databaseProblem(error: unknown): { status: number; title: string; detail: string } | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = String(error.code);
  const message = error instanceof Error ? error.message : 'database constraint';
  if (code === '23505') return { status: 409, title: 'Conflict', detail: message };
  if (code === '23503') return { status: 422, title: 'Unknown reference', detail: message };
  if (['23514', '23502', '22P02', '22003', '22001', '22021', '22P05', '22007', '22008'].includes(code)) {
    return { status: 422, title: 'Invalid value', detail: message };
  }
  return null;
}

export function problemErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof HttpProblem) {
    return sendProblem(reply, error.status, {
      title: error.message,
      ...(error.detail ? { detail: error.detail } : {}),
      ...(error.errors ? { errors: error.errors } : {}),
      ...(error.extra ?? {}),
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'body';
    const errors = error.validation.map((issue) => {
      const path = [context, ...issue.instancePath.split('/').filter(Boolean)].join('.');
      return { path, message: issue.message ?? 'invalid' };
    });
    return sendProblem(reply, 400, {
      title: 'Validation failed',
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    });
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return sendProblem(reply, 500, { title: 'Internal server error' });
  }
  const db = databaseProblem(error);
  if (db) return sendProblem(reply, db.status, { title: db.title, detail: db.detail });
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, { title: 'Internal server error' });
  }
  let detail = error.message;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') detail = 'The request body exceeds the size limit';
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError)
    detail = `Malformed JSON: ${error.message}`;
  return sendProblem(reply, status, { title: titles[status] ?? 'Error', detail });
}
