import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type SignInGuard, SignInLockout } from '../auth/sign-in-lockout.ts';
import { tooManyRequests } from '../errors/too-many-requests.ts';
import { presentedWriteKey } from '../ingest/ingest-routes.ts';
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

type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

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
