import { parse } from 'csv-parse/sync';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { normalizeDomain } from '../../matching/normalize-domain.ts';
import { evaluateStages } from '../stages/evaluate-stages.ts';

export interface IntentImportResult {
  rows: number;
  stored: number;
  createdTopics: string[];
  errors: { line: number; message: string }[];
}

export class IntentFormatError extends Error {}

interface Row {
  line: number;
  domain: string;
  topic: string;
  score: number;
  week: string;
}

/** The UTC Monday (YYYY-MM-DD) of a date or timestamp string; null when it is not a date. */
export function weekOf(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return null;
  const d = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(d.getTime())) return null;
  const day = (d.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
  return monday.toISOString().slice(0, 10);
}

function parseRows(text: string): { rows: Row[]; errors: IntentImportResult['errors']; total: number } {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, bom: true });
  } catch (error) {
    throw new IntentFormatError(`Malformed CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const at = {
    domain: header.indexOf('domain'),
    topic: header.indexOf('topic'),
    score: header.indexOf('score'),
    date: header.indexOf('date'),
  };
  const missing = Object.entries(at)
    .filter(([, i]) => i < 0)
    .map(([k]) => k);
  if (missing.length > 0)
    throw new IntentFormatError(
      `The CSV header needs columns domain, topic, score, date (missing: ${missing.join(', ')})`,
    );
  const rows: Row[] = [];
  const errors: IntentImportResult['errors'] = [];
  for (const [i, rec] of records.slice(1).entries()) {
    const line = i + 2;
    const cell = (c: number) => (rec[c] ?? '').trim();
    const domain = normalizeDomain(cell(at.domain));
    if (!domain) {
      errors.push({ line, message: `domain "${cell(at.domain)}" is not a domain` });
      continue;
    }
    const topic = cell(at.topic);
    if (!topic || topic.length > 200) {
      errors.push({ line, message: 'topic is required (at most 200 characters)' });
      continue;
    }
    const score = Number(cell(at.score));
    if (cell(at.score) === '' || !Number.isFinite(score) || score < 0 || score > 1e6) {
      errors.push({
        line,
        message: `score "${cell(at.score)}" must be a number from 0 to 1000000`,
      });
      continue;
    }
    const week = weekOf(cell(at.date));
    if (!week) {
      errors.push({
        line,
        message: `date "${cell(at.date)}" must be YYYY-MM-DD or an ISO timestamp`,
      });
      continue;
    }
    rows.push({ line, domain, topic, score, week });
  }
  return { rows, errors, total: Math.max(0, records.length - 1) };
}

/**
 * Import third-party intent (CSV: domain, topic, score, date) into per-account, per-topic weekly
 * scores. Domains resolve through account_domains; rows whose domain matches no account are reported.
 * Unknown topics are created (names as given). Several rows for one account, topic and week keep
 * the highest score; re-importing a file replaces the scores it names (idempotent). Stages of the
 * touched accounts are re-evaluated (a surge may make an account an MQA).
 */
export async function importIntent(
  db: Kysely<DB>,
  workspaceId: string,
  text: string,
): Promise<IntentImportResult> {
  const { rows, errors, total } = parseRows(text);
  const domains = [...new Set(rows.map((r) => r.domain))];
  const accountByDomain = new Map<string, string>();
  for (let i = 0; i < domains.length; i += 5000) {
    const found = await sql<{ domain: string; account_id: string }>`
      SELECT DISTINCT ON (domain) domain, account_id FROM account_domains
      WHERE workspace_id = ${workspaceId} AND domain = ANY (${domains.slice(i, i + 5000)}::text[])
      ORDER BY domain, is_primary DESC, account_id`.execute(db);
    for (const f of found.rows) accountByDomain.set(f.domain, f.account_id);
  }
  const matched = rows.filter((r) => {
    if (accountByDomain.has(r.domain)) return true;
    errors.push({ line: r.line, message: `no account has the domain ${r.domain}` });
    return false;
  });
  const names = [...new Set(matched.map((r) => r.topic))];
  const existing = await db
    .selectFrom('intent_topics')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  const topicByName = new Map(existing.map((t) => [t.name.toLowerCase(), t.id]));
  const createdTopics: string[] = [];
  for (const name of names) {
    if (topicByName.has(name.toLowerCase())) continue;
    const created = await db
      .insertInto('intent_topics')
      .values({ workspace_id: workspaceId, name })
      .returning('id')
      .executeTakeFirstOrThrow();
    topicByName.set(name.toLowerCase(), created.id);
    createdTopics.push(name);
  }
  const best = new Map<string, { account: string; topic: string; week: string; score: number }>();
  for (const r of matched) {
    const account = accountByDomain.get(r.domain) ?? '';
    const topic = topicByName.get(r.topic.toLowerCase()) ?? '';
    const key = `${account}|${topic}|${r.week}`;
    const prev = best.get(key);
    if (!prev || prev.score < r.score) best.set(key, { account, topic, week: r.week, score: r.score });
  }
  const values = [...best.values()];
  for (let i = 0; i < values.length; i += 5000) {
    const part = values.slice(i, i + 5000);
    await sql`
      INSERT INTO account_topic_weekly AS cur (workspace_id, account_id, topic_id, week_start, events, third_party_score)
      SELECT ${workspaceId}, u.a, u.t, u.w, 0, u.s
      FROM unnest(${part.map((v) => v.account)}::uuid[], ${part.map((v) => v.topic)}::uuid[],
        ${part.map((v) => v.week)}::date[], ${part.map((v) => v.score)}::float8[]) AS u(a, t, w, s)
      ORDER BY 2, 3, 4
      ON CONFLICT (workspace_id, account_id, topic_id, week_start)
      DO UPDATE SET third_party_score = excluded.third_party_score`.execute(db);
  }
  await evaluateStages(db, workspaceId, [...new Set(values.map((v) => v.account))], 'intent');
  return {
    rows: total,
    stored: values.length,
    createdTopics,
    errors: errors.sort((a, b) => a.line - b.line),
  };
}
