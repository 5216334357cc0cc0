import type { FastifyReply } from 'fastify';
import { HttpProblem } from './problem.ts';

/**
 * Throws the 429 problem with `Retry-After` (whole seconds).
 *
 * @example
 * tooManyRequests(reply, 30, 'Too many sign-in attempts for this account');
 */
export function tooManyRequests(reply: FastifyReply, retryAfterSeconds: number, detail: string): never {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  reply.header('retry-after', String(seconds));
  throw new HttpProblem(429, 'Too many requests', {
    detail: `${detail}; retry in ${seconds} s`,
    extra: { retryAfter: seconds },
  });
}
