import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/record-audit.ts';
import { requireRole } from '../../auth/auth-hook.ts';
import type { Database } from '../../db/database.ts';
import { HttpProblem } from '../../errors/problem.ts';
import { parseIp } from './ip-address.ts';
import { lookupAccountByIp } from './ip-index.ts';
import { IpRangeFormatError, parseIpRanges } from './parse-ip-ranges.ts';
import { deleteIpRanges, storeIpRanges } from './store-ip-ranges.ts';

const ErrorRow = z.object({ line: z.number(), message: z.string() });
const RangeOut = z.object({
  id: z.number(),
  family: z.number(),
  rangeStart: z.string(),
  rangeEnd: z.string(),
  accountId: z.string().nullable(),
  domain: z.string().nullable(),
  confidence: z.number(),
  excluded: z.boolean(),
  asn: z.number().nullable(),
  country: z.string().nullable(),
  label: z.string().nullable(),
  source: z.string(),
});
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Reverse-IP ranges: import (CSV or ip2asn TSV), list, delete, and lookup. */
export async function ipRangeRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.post(
    '/ip-ranges/import',
    {
      bodyLimit: 200 * 1024 * 1024,
      schema: {
        tags: ['signals'],
        description:
          'Import IP ranges: text/csv with header cidr (or start,end), account_id and/or domain, confidence, excluded; ' +
          'or the ip2asn TSV (text/tab-separated-values), stored as excluded ranges unless excluded=false.',
        querystring: z.strictObject({
          format: z.enum(['csv', 'ip2asn']).optional(),
          source: z.string().trim().min(1).max(100).optional(),
          replace: boolQuery.optional(),
          excluded: boolQuery.optional(),
        }),
        body: z.string(),
        response: {
          200: z.object({
            format: z.string(),
            inserted: z.number(),
            replaced: z.number(),
            skipped: z.number(),
            rejected: z.number(),
            errors: z.array(ErrorRow),
          }),
        },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const q = request.query;
      const isTsv = /tab-separated/i.test(request.headers['content-type'] ?? '');
      let parsed: ReturnType<typeof parseIpRanges>;
      try {
        parsed = parseIpRanges(request.body, {
          format: q.format ?? (isTsv ? 'ip2asn' : undefined),
          ip2asnExcluded: q.excluded ?? true,
        });
      } catch (error) {
        if (error instanceof IpRangeFormatError)
          throw new HttpProblem(400, 'Bad request', {
            detail: error.message,
            errors: [{ path: 'body', message: error.message }],
          });
        throw error;
      }
      const stored = await db.transaction().execute(async (trx) => {
        const result = await storeIpRanges(trx, ctx.workspaceId, parsed.ranges, {
          source: q.source ?? parsed.format,
          replace: q.replace ?? false,
        });
        await recordAudit(trx, ctx, {
          action: 'ip_ranges.import',
          objectType: 'ip_ranges',
          changes: { format: parsed.format, inserted: result.inserted, replaced: result.replaced },
        });
        return result;
      });
      const errors = [...parsed.errors, ...stored.errors].sort((a, b) => a.line - b.line);
      if (stored.inserted === 0 && errors.length > 0) {
        throw new HttpProblem(422, 'No valid ranges', {
          detail: errors
            .slice(0, 5)
            .map((e) => `line ${e.line}: ${e.message}`)
            .join('; '),
          errors: errors.slice(0, 100).map((e) => ({ path: `body.line.${e.line}`, message: e.message })),
        });
      }
      return {
        format: parsed.format,
        inserted: stored.inserted,
        replaced: stored.replaced,
        skipped: parsed.skipped,
        rejected: errors.length,
        errors: errors.slice(0, 100),
      };
    },
  );

  api.get(
    '/ip-ranges',
    {
      schema: {
        tags: ['signals'],
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          after: z.coerce.number().int().min(0).optional(),
          source: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ data: z.array(RangeOut), next: z.number().nullable() }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const { limit, after, source } = request.query;
      let q = db
        .selectFrom('ip_ranges')
        .selectAll()
        .where('workspace_id', '=', ctx.workspaceId)
        .orderBy('id')
        .limit(limit + 1);
      if (after !== undefined) q = q.where('id', '>', after);
      if (source !== undefined) q = q.where('source', '=', source);
      const rows = await q.execute();
      const page = rows.slice(0, limit);
      return {
        data: page.map((r) => ({
          id: r.id,
          family: r.family,
          rangeStart: r.range_start,
          rangeEnd: r.range_end,
          accountId: r.account_id,
          domain: r.domain,
          confidence: r.confidence,
          excluded: r.excluded,
          asn: r.asn,
          country: r.country,
          label: r.label,
          source: r.source,
        })),
        next: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
      };
    },
  );

  api.get(
    '/ip-ranges/lookup',
    {
      schema: {
        tags: ['signals'],
        querystring: z.strictObject({ ip: z.string().trim().min(1).max(100) }),
        response: {
          200: z.object({
            ip: z.string(),
            match: z.object({ accountId: z.string(), confidence: z.number() }).nullable(),
          }),
        },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const { ip } = request.query;
      if (!parseIp(ip))
        throw new HttpProblem(400, 'Validation failed', {
          detail: `querystring.ip: "${ip}" is not an IPv4 or IPv6 address`,
          errors: [{ path: 'querystring.ip', message: 'not an IPv4 or IPv6 address' }],
        });
      return { ip, match: await lookupAccountByIp(db, ctx.workspaceId, ip) };
    },
  );

  api.delete(
    '/ip-ranges/:id',
    { schema: { tags: ['signals'], params: z.strictObject({ id: z.coerce.number().int().min(1) }) } },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      const deleted = await deleteIpRanges(db, ctx.workspaceId, { id: request.params.id });
      if (deleted === 0)
        throw new HttpProblem(404, 'Not found', { detail: 'No such IP range in this workspace' });
      await recordAudit(db, ctx, {
        action: 'ip_ranges.delete',
        objectType: 'ip_range',
        objectId: String(request.params.id),
      });
      return reply.code(204).send();
    },
  );

  api.delete(
    '/ip-ranges',
    {
      schema: {
        tags: ['signals'],
        querystring: z.strictObject({ source: z.string().trim().min(1).max(100).optional() }),
        response: { 200: z.object({ deleted: z.number() }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const source = request.query.source;
      const deleted = await deleteIpRanges(db, ctx.workspaceId, source === undefined ? {} : { source });
      await recordAudit(db, ctx, {
        action: 'ip_ranges.delete',
        objectType: 'ip_ranges',
        changes: { deleted, source: source ?? null },
      });
      return { deleted };
    },
  );
}
