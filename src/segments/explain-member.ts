import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { compileRule } from './compile-rule.ts';
import { loadSegments, segmentRefs } from './load-segments.ts';
import { RuleError } from './rule-error.ts';
import type { SegmentKind, SegmentRule } from './segment-rule.ts';

/** One node of a rule, whether it holds for the record, and its children. */
export interface ExplainedNode {
  /** The node's path in the rule ('' for the root, `rules.1.rule` …). */
  path: string;
  type: string;
  holds: boolean;
  /** The node as written (combinators without their children). */
  condition: Record<string, unknown>;
  children: ExplainedNode[];
}

/**
 * Explain a rule for one account or person: every node of the tree with whether it holds now, in
 * one query that evaluates each node's own condition for that record only (index probes). The
 * root's `holds` is whether the record belongs.
 */
export async function explainMember(
  db: Kysely<DB>,
  workspaceId: string,
  kind: SegmentKind,
  rule: SegmentRule,
  memberId: string,
): Promise<ExplainedNode> {
  const table = kind === 'account' ? 'accounts' : 'contacts';
  const found = await sql<{ account_id: string | null }>`
    SELECT ${kind === 'account' ? sql`m.id` : sql`m.account_id`} AS account_id FROM ${sql.table(table)} m
    WHERE m.workspace_id = ${workspaceId} AND m.id = ${memberId}`.execute(db);
  const record = found.rows[0];
  if (!record)
    throw new HttpProblem(404, 'Not found', {
      detail: `No ${kind === 'account' ? 'account' : 'contact'} ${memberId}`,
    });
  const accountId = record.account_id;
  const contacts = accountId
    ? (
        await db
          .selectFrom('contacts')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('account_id', '=', accountId)
          .execute()
      ).map((c) => c.id)
    : [];
  const nodes = new Map<string, (alias: string) => RawBuilder<boolean>>();
  // A node of the other level (inside "account" or "people") is read through the link: the person's
  // account, or any person at the account.
  const onNode = (path: string, condition: (alias: string) => RawBuilder<boolean>, level: SegmentKind) =>
    nodes.set(
      path,
      level === kind
        ? condition
        : level === 'account'
          ? (m) => sql<boolean>`coalesce((SELECT ${condition('ea')} FROM accounts ea
              WHERE ea.workspace_id = ${workspaceId} AND ea.id = ${sql.ref(`${m}.account_id`)}), false)`
          : (m) => sql<boolean>`EXISTS (SELECT 1 FROM contacts ec
              WHERE ec.workspace_id = ${workspaceId} AND ec.account_id = ${sql.ref(`${m}.id`)} AND ${condition('ec')})`,
    );
  try {
    compileRule(rule, kind, {
      workspaceId,
      at: new Date(),
      segments: segmentRefs(await loadSegments(db, workspaceId)),
      restrict: {
        accountIds: accountId ? [accountId] : [],
        contactIds: [...new Set([...(kind === 'contact' ? [memberId] : []), ...contacts])],
      },
      onNode,
    });
  } catch (error) {
    if (error instanceof RuleError) throw error.toProblem('body.rule');
    throw error;
  }
  const paths = [...nodes.keys()];
  const columns = paths.map((p, i) => sql`${nodes.get(p)?.('m') ?? sql`false`} AS ${sql.id(`n${i}`)}`);
  const result = await sql<Record<string, boolean>>`
    SELECT ${sql.join(columns)} FROM ${sql.table(table)} m WHERE m.workspace_id = ${workspaceId} AND m.id = ${memberId}`.execute(
    db,
  );
  const row = result.rows[0] ?? {};
  const holds = new Map(paths.map((p, i) => [p, row[`n${i}`] === true]));
  return tree(rule, '', holds);
}

function tree(rule: SegmentRule, path: string, holds: Map<string, boolean>): ExplainedNode {
  const at = (p: string) => (path ? `${path}.${p}` : p);
  const children: ExplainedNode[] =
    rule.type === 'and' || rule.type === 'or'
      ? rule.rules.map((r, i) => tree(r, at(`rules.${i}`), holds))
      : rule.type === 'not' || rule.type === 'account' || rule.type === 'people'
        ? [tree(rule.rule, at('rule'), holds)]
        : [];
  const condition = Object.fromEntries(Object.entries(rule).filter(([k]) => k !== 'rules' && k !== 'rule'));
  return { path, type: rule.type, holds: holds.get(path) ?? false, condition, children };
}
