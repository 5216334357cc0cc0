import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/problem.ts';

/**
 * A `preValidation` hook: PostgreSQL text cannot hold the NUL character, so any NUL in the query
 * string or in the JSON body (values or keys, at any depth) is a 400 naming where it is.
 */
export async function rejectNul(request: FastifyRequest): Promise<void> {
  const found = findNul(request.query, 'query') ?? findNul(request.body, 'body');
  if (found) {
    throw new HttpProblem(400, 'Validation failed', {
      detail: `${found}: contains a NUL character`,
      errors: [{ path: found, message: 'contains a NUL character' }],
    });
  }
}

function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (key.includes('\u0000')) return at;
    const hit = findNul(item, at, depth + 1);
    if (hit) return hit;
  }
  return null;
}
