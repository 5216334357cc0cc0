import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { databaseProblem, isDatabaseError } from './database-problem.ts';

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
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
};

/** Client error statuses whose title and detail are the reason, with no field to name. */
const REASON_STATUSES = new Set([401, 403, 404, 405, 406, 413, 414, 415, 429]);

/** Longest detail, field path or field message sent: a problem may quote input, never all of a huge one. */
const MAX_PROBLEM_TEXT = 1000;

function clip(text: string): string {
  return text.length > MAX_PROBLEM_TEXT ? `${text.slice(0, MAX_PROBLEM_TEXT - 1)}…` : text;
}

interface ProblemBody {
  title: string;
  detail?: string | undefined;
  errors?: ProblemFieldError[] | undefined;
  /** Further members of the problem object (e.g. the rejected events of a batch). */
  extra?: Record<string, unknown> | undefined;
}

function sendProblem(reply: FastifyReply, status: number, problem: ProblemBody): FastifyReply {
  const { title, detail, errors, extra } = problem;
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      status,
      title,
      ...(detail ? { detail: clip(detail) } : {}),
      ...(errors
        ? { errors: errors.slice(0, 100).map((e) => ({ path: clip(e.path), message: clip(e.message) })) }
        : {}),
      ...extra,
    });
}

/** The answer for a URL no route serves: a 404 problem naming the method and path (without the query). */
export function problemNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?', 1)[0] ?? '';
  return sendProblem(reply, 404, { title: 'Not found', detail: `No route ${request.method} ${path}` });
}

export function problemErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof HttpProblem) {
    return sendProblem(reply, error.status, {
      title: error.message,
      detail: error.detail,
      errors: error.errors,
      extra: error.extra,
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
  if (isDatabaseError(error)) {
    // The database's message names tables, constraints and values: it is logged, never sent.
    const db = databaseProblem(error);
    if (db) {
      request.log.info({ err: error }, 'database rejected a value');
      return sendProblem(reply, db.status, { title: db.title, detail: db.detail, errors: db.errors });
    }
    request.log.error({ err: error }, 'database error');
    return sendProblem(reply, 500, { title: 'Internal server error' });
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, { title: 'Internal server error' });
  }
  let detail = error.message;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') detail = 'The request body exceeds the size limit';
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError)
    detail = `Malformed JSON: ${error.message}`;
  // A request the framework could not read (malformed or empty JSON, a bad content length) is about
  // its body; statuses that carry their own reason (401, 404, 413, 415, …) name no field.
  const errors = REASON_STATUSES.has(status) ? undefined : [{ path: 'body', message: detail }];
  return sendProblem(reply, status, { title: titles[status] ?? 'Error', detail, errors });
}

/**
 * Fastify's `frameworkErrors`: a URL it cannot decode (e.g. `%ED%A0%80`, the bytes of a lone
 * surrogate) or a path parameter past the router's length limit, answered as a problem like any other.
 */
export function problemFrameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 400;
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path parameter is longer than the limit'
      : 'The URL is not valid (it must be percent-encoded UTF-8)';
  request.log.info({ err: error }, 'unreadable request URL');
  sendProblem(reply, status, {
    title: titles[status] ?? 'Bad request',
    detail,
    errors: REASON_STATUSES.has(status) ? undefined : [{ path: 'url', message: detail }],
  });
}
