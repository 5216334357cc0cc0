import type { Kysely } from 'kysely';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem, type ProblemFieldError } from '../errors/problem.ts';
import { getSavedView } from '../saved-views/saved-views.ts';
import { ruleFieldType } from './rule-columns.ts';
import type { SegmentInput } from './segment-fields.ts';
import {
  ACCOUNT_RULE_FIELDS,
  CONTACT_RULE_FIELDS,
  type FieldOperator,
  type SegmentKind,
  type SegmentRule,
} from './segment-rule.ts';

const LIST_TO_RULE: Record<string, FieldOperator> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'gt',
  gte: 'gte',
  lt: 'lt',
  lte: 'lte',
  in: 'in',
  contains: 'contains',
};

type Scalar = string | number | boolean;

function typedValue(type: string, raw: string): Scalar | undefined {
  if (type === 'number' || type === 'integer') {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? n : undefined;
  }
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  return raw;
}

/**
 * A saved view of the accounts or contacts page as the input of a dynamic segment: each list filter
 * (`country.in=DK,SE`, `employeeCount.gte=200`, `isTarget=true`, `q=…`, `segment=<id>`) becomes a
 * condition, all ANDed. A filter the rule language has no field for is a 400 naming
 * `filters.<param>` of the view.
 */
export async function segmentFromView(
  db: Kysely<DB>,
  ctx: AuthContext,
  viewId: string,
  name?: string,
): Promise<{ input: SegmentInput; viewId: string }> {
  const view = await getSavedView(db, ctx, viewId);
  const kind: SegmentKind | null =
    view.page === 'accounts' ? 'account' : view.page === 'contacts' ? 'contact' : null;
  if (!kind)
    throw new HttpProblem(400, 'Not a record list view', {
      detail: `A view of the ${view.page} page cannot become a segment; use an accounts or contacts view`,
    });
  const fields: readonly string[] = kind === 'account' ? ACCOUNT_RULE_FIELDS : CONTACT_RULE_FIELDS;
  const rules: SegmentRule[] = [];
  const errors: ProblemFieldError[] = [];
  for (const [param, raw] of Object.entries(view.filters)) {
    const path = `filters.${param}`;
    const dot = param.lastIndexOf('.');
    const field = dot >= 0 ? param.slice(0, dot) : param;
    const op = dot >= 0 ? param.slice(dot + 1) : 'eq';
    if (param === 'q') {
      const by =
        kind === 'account' ? (['name', 'domain'] as const) : (['email', 'firstName', 'lastName'] as const);
      rules.push({
        type: 'or',
        rules: by.map((f) =>
          kind === 'account'
            ? {
                type: 'field' as const,
                field: f === 'domain' ? 'domain' : 'name',
                op: 'contains' as const,
                value: raw,
              }
            : {
                type: 'contactField' as const,
                field: f === 'email' ? 'email' : f === 'firstName' ? 'firstName' : 'lastName',
                op: 'contains' as const,
                value: raw,
              },
        ),
      });
      continue;
    }
    if (field === 'segment' && op === 'eq') {
      rules.push({ type: 'inSegment', segmentId: raw });
      continue;
    }
    const type = fields.includes(field) ? ruleFieldType(kind, field) : undefined;
    if (!type) {
      errors.push({ path, message: `"${field}" has no segment condition` });
      continue;
    }
    if (op === 'exists') {
      rules.push(leaf(kind, field, raw === 'false' ? 'notExists' : 'exists', undefined));
      continue;
    }
    const ruleOp = LIST_TO_RULE[op];
    const values = (op === 'in' ? raw.split(',').map((v) => v.trim()) : [raw]).map((v) =>
      typedValue(type, v),
    );
    const typed = values.filter((v): v is Scalar => v !== undefined);
    if (!ruleOp || typed.length !== values.length) {
      errors.push({ path, message: `"${param}=${raw}" cannot be turned into a condition` });
      continue;
    }
    rules.push(leaf(kind, field, ruleOp, op === 'in' ? typed : typed[0]));
  }
  if (errors.length > 0)
    throw new HttpProblem(400, 'View cannot become a segment', {
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    });
  const rule: SegmentRule =
    rules.length === 0
      ? {
          type: 'not',
          rule: {
            type: 'or',
            rules: [
              kind === 'account'
                ? leaf(kind, 'name', 'notExists', undefined)
                : leaf(kind, 'createdAt', 'notExists', undefined),
            ],
          },
        }
      : rules.length === 1 && rules[0]
        ? rules[0]
        : { type: 'and', rules };
  return {
    input: {
      name: name ?? view.name,
      description: `From the saved view "${view.name}"`,
      kind,
      type: 'dynamic',
      rule,
    },
    viewId,
  };
}

function leaf(
  kind: SegmentKind,
  field: string,
  op: FieldOperator,
  value: Scalar | Scalar[] | undefined,
): SegmentRule {
  const withValue = value === undefined ? {} : { value };
  if (kind === 'account') {
    const f = ACCOUNT_RULE_FIELDS.find((x) => x === field) ?? 'name';
    return { type: 'field', field: f, op, ...withValue };
  }
  const f = CONTACT_RULE_FIELDS.find((x) => x === field) ?? 'email';
  return { type: 'contactField', field: f, op, ...withValue };
}
