import type { ColumnType } from 'kysely';
import type { JsonValue } from '../db/json.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type JsonColumn = ColumnType<JsonValue, JsonValue | string | undefined, JsonValue | string>;

declare module '../db/schema.ts' {
  /** Tier columns added to accounts by migration 0500 (fit scores live in account_fit since 0710). */
  interface AccountsTable {
    tier_override: number | null;
    tier_reason: string | null;
    tier_cluster: number | null;
  }
}

export type FitGrade = 'A' | 'B' | 'C' | 'D';

/** One scored account (migration 0710): the ICP rule score and, with a model, its probability. */
export interface AccountFitTable {
  workspace_id: string;
  account_id: string;
  /** 0–100: the model's percentile when a model scored the account, else the rule score. */
  score: number | null;
  grade: FitGrade | null;
  rule_score: number | null;
  rule_matched: string[] | null;
  probability: number | null;
  /** The fit_models version that scored the account; null when the score is the rule score. */
  model_version: number | null;
  scored_at: Timestamp;
}

export interface IcpProfilesTable {
  workspace_id: string;
  name: ColumnType<string, string | undefined, string>;
  criteria: JsonColumn;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface FitModelsTable {
  workspace_id: string;
  version: number;
  status: ColumnType<'active' | 'retired', 'active' | 'retired' | undefined, 'active' | 'retired'>;
  trained_at: CreatedAt;
  trained_by: string | null;
  options: JsonColumn;
  metrics: JsonColumn;
  feature_spec: JsonColumn;
  coefficients: JsonColumn;
  score_quantiles: JsonColumn;
}

export interface TierSettingsTable {
  workspace_id: string;
  rules: JsonColumn;
  updated_at: Timestamp;
}

export interface TierClustersTable {
  workspace_id: string;
  id: number;
  label: string;
  size: number;
  dominant_features: JsonColumn;
  created_at: CreatedAt;
}

export type TargetListStatus = 'draft' | 'approved' | 'active' | 'archived';

export interface TargetListsTable {
  workspace_id: string;
  id: ColumnType<string, string | undefined, never>;
  period: string;
  name: string;
  status: ColumnType<TargetListStatus, TargetListStatus | undefined, TargetListStatus>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  activated_at: Date | null;
  archived_at: Date | null;
}

export interface TargetListMembersTable {
  workspace_id: string;
  list_id: string;
  account_id: string;
  tier: number;
  reason: string | null;
}

export interface TargetListApprovalsTable {
  workspace_id: string;
  list_id: string;
  side: 'marketing' | 'sales';
  actor_type: string;
  actor_id: string | null;
  comment: string | null;
  approved_at: Timestamp;
}

/** Tables of account fit, tiers and target lists (migrations 0500, 0710). */
export interface FitTables {
  account_fit: AccountFitTable;
  icp_profiles: IcpProfilesTable;
  fit_models: FitModelsTable;
  tier_settings: TierSettingsTable;
  tier_clusters: TierClustersTable;
  target_lists: TargetListsTable;
  target_list_members: TargetListMembersTable;
  target_list_approvals: TargetListApprovalsTable;
}

declare module '../db/schema.ts' {
  interface DB extends FitTables {}
}
