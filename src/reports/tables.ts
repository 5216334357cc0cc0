import type { ColumnType, Generated } from 'kysely';
import type { JsonValue } from '../db/json.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type JsonColumn = ColumnType<JsonValue, JsonValue | string | undefined, JsonValue | string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface ReportRunsTable {
  workspace_id: string;
  kind: 'facts' | 'attribution';
  period: string;
  computed_at: Timestamp;
  rows: Defaulted<number>;
  settings: JsonColumn;
}

/** Per account and period: the facts the scorecard adds up (see refresh-period-facts.ts). */
export interface ReportAccountPeriodsTable {
  workspace_id: string;
  period: string;
  account_id: string;
  is_target: boolean;
  tier: number | null;
  touches: Defaulted<number>;
  people: Defaulted<number>;
  points: Defaulted<number>;
  first_touch_at: Date | null;
  stage_start: number | null;
  stage_max: number | null;
  stage_end: number | null;
  contacts_start: Defaulted<number>;
  contacts_end: Defaulted<number>;
  roles_start: Defaulted<number>;
  roles_end: Defaulted<number>;
  had_open_opportunity: Defaulted<boolean>;
  opps_created: Defaulted<number>;
  pipeline_created: Defaulted<number>;
  touch_to_opp_days: number | null;
  touch_to_opp_count: Defaulted<number>;
  opps_closed: Defaulted<number>;
  opps_won: Defaulted<number>;
  won_amount: Defaulted<number>;
  cycle_days: Defaulted<number>;
}

export interface AttributionSettingsTable {
  workspace_id: string;
  half_life_days: Defaulted<number>;
  lookback_days: Defaulted<number>;
  updated_at: Timestamp;
}

export interface AttributionTouchesTable {
  workspace_id: string;
  opportunity_id: string;
  position: number;
  activity_id: number;
  account_id: string;
  occurred_at: Timestamp;
  kind: 'sourced' | 'influenced';
  activity_type: string;
  channel: string;
  campaign: string | null;
  play: string | null;
  asset: string | null;
  event: string | null;
  first_touch: number;
  last_touch: number;
  linear: number;
  u_shaped: number;
  w_shaped: number;
  time_decay: number;
}

export interface MarketingCostsTable {
  workspace_id: string;
  id: Generated<string>;
  starts_on: string;
  ends_on: string;
  channel: string;
  campaign: string | null;
  play: string | null;
  event: string | null;
  amount: number;
  currency: string | null;
  source: Defaulted<string>;
  external_key: string | null;
  note: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: Timestamp;
}

export interface ReportGoalsTable {
  workspace_id: string;
  period: string;
  segment: string;
  metric: string;
  target: number;
  updated_at: Timestamp;
}

export interface ReportNotesTable {
  workspace_id: string;
  id: Generated<string>;
  period: string;
  team: 'sales' | 'marketing';
  kind: 'heard' | 'change' | 'worked' | 'other';
  body: string;
  author_id: string | null;
  author_actor: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: Timestamp;
}

/** The measurement module's tables (migration 0860). */
export interface ReportsTables {
  report_runs: ReportRunsTable;
  report_account_periods: ReportAccountPeriodsTable;
  attribution_settings: AttributionSettingsTable;
  attribution_touches: AttributionTouchesTable;
  marketing_costs: MarketingCostsTable;
  report_goals: ReportGoalsTable;
  report_notes: ReportNotesTable;
}

declare module '../db/schema.ts' {
  interface DB extends ReportsTables {}
}
