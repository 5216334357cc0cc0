import type { ColumnType, Generated } from 'kysely';
import type { JsonValue } from '../db/json.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type JsonColumn = ColumnType<JsonValue, JsonValue | string | undefined, JsonValue | string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface SignalSettingsTable {
  workspace_id: string;
  half_life_days: ColumnType<number, number | undefined, number>;
  seniority_multipliers: JsonColumn;
  tier_multipliers: JsonColumn;
  key_page_patterns: TextArray;
  key_page_regex: string | null;
  updated_at: Timestamp;
}

export interface ActivityWeightsTable {
  workspace_id: string;
  activity_type: string;
  points: number;
  per_minute: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ContactEngagementTable {
  workspace_id: string;
  contact_id: string;
  account_id: string | null;
  score: number;
  as_of: Date | string;
  last_activity_at: Date | null;
  last_engaged_at: Date | null;
}

export interface AccountEngagementTable {
  workspace_id: string;
  account_id: string;
  score: number;
  as_of: Date | string;
  last_activity_at: Date | null;
  /** ln(score) + days(as_of)·ln2/half-life: orders accounts by decayed score now (migration 0651). */
  score_key: number | null;
  /**
   * Lift of the 7 days up to `momentum_on` against the mean week of the 21 days before (migration
   * 0870); null when those days hold no points. Current after every write of the account;
   * refreshMomentum each new day (sort-keys-sql.ts, refresh-momentum.ts).
   */
  momentum: number | null;
  /** The UTC day `momentum` was computed for. */
  momentum_on: Date | string | null;
}

export interface AccountPersonaEngagementTable {
  workspace_id: string;
  account_id: string;
  persona_key: string;
  score: number;
  as_of: Date | string;
  last_activity_at: Date | null;
}

export interface AccountWeeklyActivityTable {
  workspace_id: string;
  account_id: string;
  week_start: string;
  points: number;
  events: number;
}

export interface IntentTopicsTable {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  url_patterns: TextArray;
  tags: TextArray;
  keywords: TextArray;
  url_regex: string | null;
  keyword_regex: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AccountTopicWeeklyTable {
  workspace_id: string;
  account_id: string;
  topic_id: string;
  week_start: string;
  events: ColumnType<number, number | undefined, number>;
  third_party_score: number | null;
}

export interface JourneyStagesTable {
  workspace_id: string;
  key: string;
  position: number;
  name: string;
  conditions: JsonColumn;
}

export interface AccountStagesTable {
  workspace_id: string;
  account_id: string;
  stage: string;
  since: Timestamp;
  /** The stage's position in the workspace's stage model (migration 0651). */
  position: number | null;
}

export interface AccountStageHistoryTable {
  workspace_id: string;
  id: Generated<number>;
  account_id: string;
  from_stage: string;
  to_stage: string;
  at: Timestamp;
  reason: ColumnType<string, string | undefined, string>;
}

export interface SignalEventsTable {
  workspace_id: string;
  id: Generated<number>;
  type: string;
  account_id: string | null;
  payload: JsonColumn;
  created_at: CreatedAt;
}

export interface IpRangesTable {
  workspace_id: string;
  id: Generated<number>;
  family: number;
  range_start: string;
  range_end: string;
  account_id: string | null;
  domain: string | null;
  confidence: ColumnType<number, number | undefined, number>;
  excluded: ColumnType<boolean, boolean | undefined, boolean>;
  asn: number | null;
  country: string | null;
  label: string | null;
  source: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
}

export interface IpRangeVersionsTable {
  workspace_id: string;
  version: ColumnType<number, number | undefined, number>;
}

/** The signals module's tables (migration 0650). */
export interface SignalsTables {
  signal_settings: SignalSettingsTable;
  activity_weights: ActivityWeightsTable;
  contact_engagement: ContactEngagementTable;
  account_engagement: AccountEngagementTable;
  account_persona_engagement: AccountPersonaEngagementTable;
  account_weekly_activity: AccountWeeklyActivityTable;
  intent_topics: IntentTopicsTable;
  account_topic_weekly: AccountTopicWeeklyTable;
  journey_stages: JourneyStagesTable;
  account_stages: AccountStagesTable;
  account_stage_history: AccountStageHistoryTable;
  signal_events: SignalEventsTable;
  ip_ranges: IpRangesTable;
  ip_range_versions: IpRangeVersionsTable;
}

declare module '../db/schema.ts' {
  interface DB extends SignalsTables {}
}
