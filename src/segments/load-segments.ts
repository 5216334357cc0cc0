import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type CompiledRule, compileRule, type SegmentRef, type Trigger } from './compile-rule.ts';
import { type SegmentKind, type SegmentRule, SegmentRuleSchema } from './segment-rule.ts';

/** A segment as the engine needs it. */
export interface SegmentDefinition {
  id: string;
  name: string;
  kind: SegmentKind;
  type: 'dynamic' | 'static';
  rule: SegmentRule | null;
  updatedAt: Date;
}

const parsedRules = new Map<string, { stamp: number; rule: SegmentRule | null }>();

/** A stored rule, parsed once per version (rules are validated on write; a bad stored rule reads as none). */
function storedRule(id: string, updatedAt: Date, value: unknown): SegmentRule | null {
  const cached = parsedRules.get(id);
  if (cached && cached.stamp === updatedAt.getTime()) return cached.rule;
  const parsed = value === null ? null : SegmentRuleSchema.safeParse(value);
  const rule = parsed?.success ? parsed.data : null;
  if (parsedRules.size > 10_000) parsedRules.clear();
  parsedRules.set(id, { stamp: updatedAt.getTime(), rule });
  return rule;
}

/** Every segment of the workspace (dynamic and static), by id. */
export async function loadSegments(
  db: Kysely<DB>,
  workspaceId: string,
): Promise<Map<string, SegmentDefinition>> {
  const rows = await db
    .selectFrom('segments')
    .select(['id', 'name', 'kind', 'type', 'rule', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        kind: r.kind,
        type: r.type,
        rule: r.type === 'dynamic' ? storedRule(r.id, r.updated_at, r.rule) : null,
        updatedAt: r.updated_at,
      },
    ]),
  );
}

/** The references a compile needs: every segment's id and kind. */
export function segmentRefs(segments: ReadonlyMap<string, SegmentDefinition>): Map<string, SegmentRef> {
  return new Map([...segments.values()].map((s) => [s.id, { id: s.id, kind: s.kind }]));
}

/** What a dynamic segment depends on, through the segments it references too. */
export interface SegmentPlan {
  segment: SegmentDefinition;
  triggers: Set<Trigger>;
  timed: boolean;
  daily: boolean;
  /** A people segment whose value reads the person's account (itself or through references). */
  readsAccounts: boolean;
  refs: Set<string>;
}

/**
 * The workspace's dynamic segments in dependency order (a referenced segment before the segments
 * that read it), each with the writes that can move it (its own and its references', transitively).
 */
export function planSegments(
  segments: ReadonlyMap<string, SegmentDefinition>,
  workspaceId: string,
): SegmentPlan[] {
  const refs = segmentRefs(segments);
  const plans = new Map<string, SegmentPlan>();
  for (const s of segments.values()) {
    if (!s.rule) continue;
    let compiled: CompiledRule;
    try {
      compiled = compileRule(s.rule, s.kind, { workspaceId, at: new Date(), segments: refs });
    } catch {
      continue; // a reference was deleted since: the segment is left as it is until its rule is fixed
    }
    plans.set(s.id, {
      segment: s,
      triggers: compiled.triggers,
      timed: compiled.dues.length > 0,
      daily: compiled.daily,
      readsAccounts: compiled.readsAccounts,
      refs: compiled.refs,
    });
  }
  const ordered: SegmentPlan[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    const plan = plans.get(id);
    if (!plan || state.get(id) === 'done' || state.get(id) === 'visiting') return;
    state.set(id, 'visiting');
    for (const ref of plan.refs) {
      visit(ref);
      const dep = plans.get(ref);
      if (dep) {
        for (const t of dep.triggers) plan.triggers.add(t);
        plan.timed ||= dep.timed;
        plan.daily ||= dep.daily;
        plan.readsAccounts ||= dep.readsAccounts;
      }
    }
    state.set(id, 'done');
    ordered.push(plan);
  };
  for (const id of plans.keys()) visit(id);
  return ordered;
}

/** Whether `from` reaches `to` through references (a rule may not refer to itself, even indirectly). */
export function refersTo(
  segments: ReadonlyMap<string, SegmentDefinition>,
  from: Iterable<string>,
  to: string,
  workspaceId: string,
): boolean {
  const refs = segmentRefs(segments);
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined || seen.has(id)) continue;
    if (id === to) return true;
    seen.add(id);
    const rule = segments.get(id)?.rule;
    const kind = segments.get(id)?.kind;
    if (!rule || !kind) continue;
    try {
      stack.push(...compileRule(rule, kind, { workspaceId, at: new Date(), segments: refs }).refs);
    } catch {
      // a broken reference refers to nothing
    }
  }
  return false;
}
