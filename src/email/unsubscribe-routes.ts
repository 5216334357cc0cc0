import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { loadEmailSettings } from './email-settings.ts';
import { preferencePage } from './preference-page.ts';
import { applyUnsubscribe, contactPreferences } from './unsubscribe.ts';
import { verifyUnsubscribeToken } from './unsubscribe-token.ts';

// A wildcard, not `:token`: signed tokens are longer than the router's parameter length limit.
const Params = z.strictObject({ '*': z.string().min(1).max(2000) });
const invalid = () => new HttpProblem(404, 'Not found', { detail: 'Unknown or invalid unsubscribe link' });

/** The form fields of a POST: RFC 8058's one-click body, or the preference page's form. */
function formFields(body: unknown): URLSearchParams {
  return new URLSearchParams(typeof body === 'string' ? body : '');
}

/**
 * Public unsubscribe endpoints (no cookie, no sign-in: the HMAC-signed token is the authority):
 * `POST /u/<token>` with `List-Unsubscribe=One-Click` (RFC 8058, what mailbox providers send) or the
 * preference page's form, honoured at once; `GET /u/<token>` serves the preference page (topics).
 */
export async function unsubscribeRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const { db } = database;
  await app.register(async (scope) => {
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser(
      ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'],
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, done) => done(null, body),
    );
    const api = scope.withTypeProvider<ZodTypeProvider>();
    const config = { public: true, tracking: 'client-address' as const };

    const page = async (token: string, saved?: 'unsubscribed' | 'saved') => {
      const payload = await verifyUnsubscribeToken(db, token);
      if (!payload) throw invalid();
      const settings = await loadEmailSettings(db, payload.w);
      const prefs = (await contactPreferences(db, payload)) ?? { unsubscribed: true, topicsOff: [] };
      return preferencePage({
        action: `/u/${token}`,
        topics: settings.topics,
        ...prefs,
        ...(saved ? { saved } : {}),
      });
    };

    api.get('/u/*', { config, schema: { hide: true, params: Params } }, async (request, reply) => {
      const html = await page(request.params['*']);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(html);
    });

    api.post('/u/*', { config, schema: { hide: true, params: Params } }, async (request, reply) => {
      const token = request.params['*'];
      const payload = await verifyUnsubscribeToken(db, token);
      if (!payload) throw invalid();
      const fields = formFields(request.body);
      const oneClick = fields.get('List-Unsubscribe') === 'One-Click';
      if (oneClick || fields.get('choice') === 'all') {
        await applyUnsubscribe(db, payload, { all: true });
        if (oneClick) return reply.header('cache-control', 'no-store').send({ unsubscribed: true });
        return reply
          .header('content-type', 'text/html; charset=utf-8')
          .send(await page(token, 'unsubscribed'));
      }
      const settings = await loadEmailSettings(db, payload.w);
      const wanted = new Set(fields.getAll('topic'));
      const topicsOff = settings.topics.map((t) => t.key).filter((key) => !wanted.has(key));
      await applyUnsubscribe(db, payload, { all: false, topicsOff });
      return reply.header('content-type', 'text/html; charset=utf-8').send(await page(token, 'saved'));
    });
  });
}
