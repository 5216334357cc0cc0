import type { ColumnType, Generated } from 'kysely';
import type { JsonValue } from '../db/json.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type JsonColumn = ColumnType<JsonValue, JsonValue | string | undefined, JsonValue | string>;

export type PlayStatus = 'draft' | 'active' | 'paused' | 'stopped';
export type RunStatus = 'active' | 'held_out' | 'goal' | 'exited' | 'stopped';
export type StepStatus = 'due' | 'running' | 'done' | 'skipped' | 'failed' | 'uncertain' | 'cancelled';

export interface PlaysTable {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  status: ColumnType<PlayStatus, PlayStatus | undefined, PlayStatus>;
  version: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  activated_at: NullableTimestamp;
}

export interface PlayVersionsTable {
  workspace_id: string;
  play_id: string;
  version: number;
  definition: JsonColumn;
  created_at: CreatedAt;
}

export interface PlayRunsTable {
  workspace_id: string;
  id: Generated<string>;
  play_id: string;
  version: number;
  account_id: string;
  status: RunStatus;
  entered_at: Timestamp;
  ended_at: NullableTimestamp;
  reason: string;
}

export interface PlayStepsTable {
  workspace_id: string;
  id: Generated<number>;
  run_id: string;
  track: string;
  step: string;
  contact_id: string | null;
  status: ColumnType<StepStatus, StepStatus | undefined, StepStatus>;
  due_at: Timestamp;
  created_at: CreatedAt;
  waiting: ColumnType<boolean, boolean | undefined, boolean>;
  attempts: ColumnType<number, number | undefined, number>;
  claimed_at: NullableTimestamp;
  /** The worker that claimed it (host:pid:random). */
  claimed_by: string | null;
  done_at: NullableTimestamp;
  outcome: ColumnType<JsonValue | null, JsonValue | null | undefined, JsonValue | null>;
}

export interface PlayEffectsTable {
  workspace_id: string;
  effect_key: string;
  run_id: string;
  kind: string;
  account_id: string;
  contact_id: string | null;
  status: 'started' | 'done' | 'uncertain' | 'failed';
  detail: JsonColumn;
  created_at: CreatedAt;
}

export interface PlayCursorsTable {
  workspace_id: string;
  consumer: string;
  position: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface OwnerTasksTable {
  workspace_id: string;
  id: Generated<string>;
  account_id: string;
  owner_id: string | null;
  kind: 'task' | 'alert';
  title: string;
  body: ColumnType<string, string | undefined, string>;
  reason: string;
  play_id: string | null;
  run_id: string | null;
  due_at: NullableTimestamp;
  status: ColumnType<
    'open' | 'done' | 'dismissed',
    'open' | 'done' | 'dismissed' | undefined,
    'open' | 'done' | 'dismissed'
  >;
  created_at: CreatedAt;
  completed_at: NullableTimestamp;
  snoozed_until: NullableTimestamp;
}

export interface PlaysTables {
  plays: PlaysTable;
  play_versions: PlayVersionsTable;
  play_runs: PlayRunsTable;
  play_steps: PlayStepsTable;
  play_effects: PlayEffectsTable;
  play_cursors: PlayCursorsTable;
  owner_tasks: OwnerTasksTable;
}

declare module '../db/schema.ts' {
  interface DB extends PlaysTables {}
}
