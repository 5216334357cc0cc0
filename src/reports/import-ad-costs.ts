import { parse } from 'csv-parse/sync';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { ChannelSchema } from './marketing-costs.ts';

export const COST_FORMATS = ['auto', 'linkedin', 'google_ads', 'generic'] as const;

export const CostImportSchema = z.strictObject({
  csv: z
    .string()
    .min(1)
    .max(5_000_000)
    .describe('The report as exported (UTF-8 text; title lines above the header are skipped)'),
  format: z.enum(COST_FORMATS).default('auto'),
  /** Channel for every row (default: linkedin_ads, google_ads, or the generic file's `channel` column). */
  channel: ChannelSchema.optional(),
});

export interface ParsedCost {
  startsOn: string;
  endsOn: string;
  channel: string;
  campaign: string | null;
  play: string | null;
  event: string | null;
  amount: number;
  currency: string | null;
  externalKey: string;
}

export interface ParsedCosts {
  format: 'linkedin' | 'google_ads' | 'generic';
  costs: ParsedCost[];
  /** 1-based line numbers of the file with the reason. */
  rejected: { line: number; message: string }[];
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Column names accepted per field, per format (compared case- and space-insensitively). */
const FORMATS = {
  linkedin: {
    start: ['start date (in utc)', 'start date'],
    end: ['end date (in utc)', 'end date'],
    campaign: ['campaign name', 'campaign'],
    id: ['campaign id'],
    amount: ['total spent', 'amount spent', 'spend'],
    currency: ['currency'],
    channel: [] as string[],
    play: [] as string[],
    event: [] as string[],
  },
  google_ads: {
    start: ['day', 'date'],
    end: [] as string[],
    campaign: ['campaign'],
    id: ['campaign id'],
    amount: ['cost'],
    currency: ['currency code', 'currency'],
    channel: [] as string[],
    play: [] as string[],
    event: [] as string[],
  },
  generic: {
    start: ['starts_on', 'start_date', 'date', 'day', 'start'],
    end: ['ends_on', 'end_date', 'end'],
    campaign: ['campaign'],
    id: [] as string[],
    amount: ['amount', 'cost', 'spend'],
    currency: ['currency'],
    channel: ['channel'],
    play: ['play'],
    event: ['event'],
  },
};
type Format = keyof typeof FORMATS;
const DEFAULT_CHANNEL: Record<Format, string | null> = {
  linkedin: 'linkedin_ads',
  google_ads: 'google_ads',
  generic: null,
};

interface Columns {
  start: number;
  end: number;
  campaign: number;
  id: number;
  amount: number;
  currency: number;
  channel: number;
  play: number;
  event: number;
}

function findHeader(rows: string[][], format: Format): { index: number; columns: Columns } | null {
  const spec = FORMATS[format];
  for (let i = 0; i < Math.min(rows.length, 20); i++) {
    const cells = (rows[i] ?? []).map(norm);
    const at = (names: string[]) => cells.findIndex((c) => names.includes(c));
    const columns: Columns = {
      start: at(spec.start),
      end: at(spec.end),
      campaign: at(spec.campaign),
      id: at(spec.id),
      amount: at(spec.amount),
      currency: at(spec.currency),
      channel: at(spec.channel),
      play: at(spec.play),
      event: at(spec.event),
    };
    const needsCampaign = format !== 'generic';
    if (columns.start >= 0 && columns.amount >= 0 && (!needsCampaign || columns.campaign >= 0))
      return { index: i, columns };
  }
  return null;
}

/** 2024-01-31, 1/31/2024 (US, as LinkedIn exports) or 31.01.2024 → YYYY-MM-DD; null when not a date. */
export function parseReportDate(text: string): string | null {
  const s = text.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(s);
  const eu = /^(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (us) [y, m, d] = [Number(us[3]), Number(us[1]), Number(us[2])];
  else if (eu) [y, m, d] = [Number(eu[3]), Number(eu[2]), Number(eu[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** "1,234.56", "$1,234.56", "1234,56 €", "--" → number or null. */
export function parseMoney(text: string): number | null {
  let s = text.trim().replace(/[^\d.,-]/g, '');
  if (s === '' || s === '-' || s === '--') return null;
  if (/,\d{1,2}$/.test(s) && !/\.\d+$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(/,/g, '');
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * Read an ad platform's cost report: LinkedIn Campaign Manager's campaign performance export
 * ("Start Date (in UTC)", "Campaign Name", "Campaign ID", "Currency", "Total Spent"; the title lines
 * above the header are skipped), a Google Ads campaign report ("Day", "Campaign", "Currency code",
 * "Cost"; "Total" rows skipped), or a generic file (date/starts_on, ends_on, channel, campaign, play,
 * event, amount/cost/spend, currency). Pure: no database.
 */
export function parseCostReport(
  csv: string,
  format: (typeof COST_FORMATS)[number] = 'auto',
  channel?: string,
): ParsedCosts {
  const text = csv.replace(/^\uFEFF/, '');
  const delimiter = text.includes('\t') && !text.includes(',') ? '\t' : ',';
  const rows: string[][] = parse(text, {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: false,
    relax_quotes: true,
  });
  const order: Format[] = format === 'auto' ? ['linkedin', 'google_ads', 'generic'] : [format];
  for (const f of order) {
    const header = findHeader(rows, f);
    if (!header) continue;
    const { columns: col } = header;
    const cell = (r: string[], i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
    const costs: ParsedCost[] = [];
    const rejected: ParsedCosts['rejected'] = [];
    for (let i = header.index + 1; i < rows.length; i++) {
      const r = rows[i] ?? [];
      if (r.every((c) => c.trim() === '')) continue;
      const campaign = cell(r, col.campaign) || null;
      if (campaign && /^total\b/i.test(campaign)) continue;
      if (!campaign && /^total\b/i.test(cell(r, 0))) continue;
      const line = i + 1;
      const startsOn = parseReportDate(cell(r, col.start));
      if (!startsOn) {
        rejected.push({ line, message: `not a date: ${cell(r, col.start).slice(0, 40)}` });
        continue;
      }
      const endsOn = col.end >= 0 ? (parseReportDate(cell(r, col.end)) ?? startsOn) : startsOn;
      const amount = parseMoney(cell(r, col.amount));
      if (amount === null) {
        rejected.push({ line, message: `not an amount: ${cell(r, col.amount).slice(0, 40)}` });
        continue;
      }
      const rowChannel = (channel ?? (cell(r, col.channel).toLowerCase() || DEFAULT_CHANNEL[f]) ?? '').trim();
      if (!/^[a-z0-9][a-z0-9_-]{0,49}$/.test(rowChannel)) {
        rejected.push({ line, message: 'no channel (pass one, or add a channel column)' });
        continue;
      }
      if (endsOn < startsOn) {
        rejected.push({ line, message: 'the end date is before the start date' });
        continue;
      }
      const currency = cell(r, col.currency).toUpperCase();
      const id = cell(r, col.id) || campaign || '';
      costs.push({
        startsOn,
        endsOn,
        channel: rowChannel,
        campaign: campaign?.slice(0, 200) ?? null,
        play: cell(r, col.play).slice(0, 200) || null,
        event: cell(r, col.event).slice(0, 200) || null,
        amount,
        currency: /^[A-Z]{3}$/.test(currency) ? currency : null,
        externalKey:
          `${rowChannel}|${startsOn}|${endsOn}|${id}|${cell(r, col.play)}|${cell(r, col.event)}`.slice(
            0,
            500,
          ),
      });
    }
    return { format: f, costs, rejected };
  }
  throw new HttpProblem(400, 'Bad request', {
    errors: [
      {
        path: 'body.csv',
        message:
          format === 'auto'
            ? 'no header found: expected LinkedIn (Start Date, Campaign Name, Total Spent), Google Ads (Day, Campaign, Cost) or date, channel, amount columns'
            : `no ${format} header found`,
      },
    ],
  });
}

/**
 * Import an ad platform's cost report: each row a cost keyed by (source, channel, dates, campaign),
 * so importing the same report again updates the amounts instead of adding them twice.
 */
export async function importAdCosts(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: z.infer<typeof CostImportSchema>,
): Promise<{ format: string; inserted: number; updated: number; rejected: ParsedCosts['rejected'] }> {
  const parsed = parseCostReport(input.csv, input.format, input.channel);
  const source = `import:${parsed.format}`;
  const c = parsed.costs;
  if (c.length === 0) return { format: parsed.format, inserted: 0, updated: 0, rejected: parsed.rejected };
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ inserted: boolean }>`
      INSERT INTO marketing_costs (workspace_id, starts_on, ends_on, channel, campaign, play, event, amount, currency,
        source, external_key)
      SELECT ${ctx.workspaceId}, x.starts_on, x.ends_on, x.channel, x.campaign, x.play, x.event, x.amount, x.currency,
        ${source}, x.x_key FROM (
        SELECT * FROM unnest(${c.map((x) => x.startsOn)}::date[], ${c.map((x) => x.endsOn)}::date[],
          ${c.map((x) => x.channel)}::text[], ${c.map((x) => x.campaign)}::text[], ${c.map((x) => x.play)}::text[],
          ${c.map((x) => x.event)}::text[], ${c.map((x) => x.amount)}::numeric[], ${c.map((x) => x.currency)}::text[],
          ${c.map((x) => x.externalKey)}::text[])
      ) AS x(starts_on, ends_on, channel, campaign, play, event, amount, currency, x_key)
      ON CONFLICT (workspace_id, source, external_key) WHERE external_key IS NOT NULL
      DO UPDATE SET amount = excluded.amount, currency = excluded.currency, updated_at = now()
      RETURNING (xmax = 0) AS inserted
    `.execute(trx);
    const inserted = rows.filter((r) => r.inserted).length;
    await recordAudit(trx, ctx, {
      action: 'cost.import',
      objectType: 'marketing_cost',
      changes: {
        format: parsed.format,
        inserted,
        updated: rows.length - inserted,
        rejected: parsed.rejected.length,
      },
    });
    return { format: parsed.format, inserted, updated: rows.length - inserted, rejected: parsed.rejected };
  });
}
