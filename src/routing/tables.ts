import type { ColumnType, Generated } from 'kysely';
import type { JsonValue } from '../db/json.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type JsonColumn = ColumnType<JsonValue, JsonValue | string | undefined, JsonValue | string>;

export interface RoutingRulesTable {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  /** Lower first. */
  priority: number;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  /** RuleMatch (routing-rule.ts). */
  match: JsonColumn;
  /** RuleAssign (routing-rule.ts). */
  assign: JsonColumn;
  /** Round robin: where the next tie between equally loaded owners starts. */
  rr_position: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface RoutingDecisionsTable {
  workspace_id: string;
  id: Generated<number>;
  account_id: string;
  /** Set when a contact was routed (to its account's owner). */
  contact_id: string | null;
  rule_id: string | null;
  rule_name: string | null;
  previous_owner_id: string | null;
  owner_id: string | null;
  reason: string;
  /** What asked: `write` (an account or contact was written), `reroute` (on demand). */
  trigger: string;
  at: CreatedAt;
}

export interface RoutingTables {
  routing_rules: RoutingRulesTable;
  routing_decisions: RoutingDecisionsTable;
}

declare module '../db/schema.ts' {
  interface DB extends RoutingTables {}
}
