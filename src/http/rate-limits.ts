import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { SignInLockout } from '../auth/sign-in-lockout.ts';
import { presentedWriteKey } from '../ingest/ingest-routes.ts';
import { HttpProblem } from './problem.ts';
import type { RateLimit, SecurityLimits } from './security-limits.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A tracking endpoint embedded in other sites: rate-limited per write key (`/v1/*`) or per client
     * address (`/t.js`, e-mail opens and clicks), and readable cross-origin (see security-headers.ts).
     */
    tracking?: 'write-key' | 'client-address';
  }
}

/** What the sign-in route needs: a per-address limit (an onRequest hook) and the per-account lockout. */
export interface SignInGuard {
  limitAddress: onRequestHookHandler;
  lockout: SignInLockout;
}

type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

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

/**
 * Rate limits with @fastify/rate-limit (in this process's memory): the tracking endpoints by their
 * route's `config.tracking`, and the sign-in guard handed to the sign-in route. Register before the
 * routes. A limit with `max: 0` is off.
 */
export async function registerRateLimits(app: FastifyInstance, limits: SecurityLimits): Promise<SignInGuard> {
  await app.register(fastifyRateLimit, { global: false });

  const limiter = (limit: RateLimit, what: string, key?: (request: FastifyRequest) => string): Limiter => {
    if (limit.max <= 0) return async () => {};
    const check = app.createRateLimit({
      max: limit.max,
      timeWindow: limit.windowMs,
      ...(key ? { keyGenerator: key } : {}),
    });
    return async (request, reply) => {
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) return;
      tooManyRequests(reply, result.ttlInSeconds, what);
    };
  };

  const perWriteKey = limiter(
    limits.trackingPerWriteKey,
    'Too many requests for this write key',
    (request) => {
      const key = presentedWriteKey(request, request.routeOptions.url?.startsWith('/beacon/') ?? false);
      return key ? `key:${key}` : `ip:${request.ip}`;
    },
  );
  const perAddress = limiter(limits.trackingPerAddress, 'Too many tracking requests from this address');
  const signInPerAddress = limiter(limits.signInPerAddress, 'Too many sign-in attempts from this address');

  app.addHook('onRoute', (route) => {
    const tracking = route.config?.tracking;
    if (!tracking) return;
    const hook = tracking === 'write-key' ? perWriteKey : perAddress;
    // The write key may be in the body (browser beacons), so that limit runs once the body is parsed.
    const name = tracking === 'write-key' ? 'preHandler' : 'onRequest';
    const existing = route[name];
    route[name] = existing ? [...(Array.isArray(existing) ? existing : [existing]), hook] : [hook];
  });

  return {
    limitAddress: signInPerAddress,
    lockout: new SignInLockout({
      maxFailures: limits.signInFailuresPerAccount.max,
      windowMs: limits.signInFailuresPerAccount.windowMs,
      lockoutMs: limits.signInLockoutMs,
    }),
  };
}
