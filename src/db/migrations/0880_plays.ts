import { type Kysely, sql } from 'kysely';

/**
 * Plays (src/plays): account-level orchestration. A play has versions (the definition, JSON); a run is
 * one account in one play version (held out as control or active until its goal or exit); a step is
 * due work of a run — one track's step for one contact (or for the account), claimed by workers with
 * FOR UPDATE SKIP LOCKED; an effect is the idempotency record of a step's outside effect. Consumers
 * keep a cursor over the signal_events outbox and the activities they read. Tasks and alerts are the
 * account owner's inbox.
 */
export async function up<T>(db: Kysely<T>): Promise<void> {
  await sql`
    CREATE TABLE plays (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'stopped')),
      version int NOT NULL DEFAULT 1,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      activated_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE UNIQUE INDEX plays_name_key ON plays (workspace_id, lower(name));

    CREATE TABLE play_versions (
      workspace_id uuid NOT NULL,
      play_id uuid NOT NULL,
      version int NOT NULL,
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, play_id, version),
      FOREIGN KEY (workspace_id, play_id) REFERENCES plays(workspace_id, id) ON DELETE CASCADE
    );

    CREATE TABLE play_runs (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      play_id uuid NOT NULL,
      version int NOT NULL,
      account_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'held_out', 'goal', 'exited', 'stopped')),
      entered_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz,
      reason text NOT NULL,
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, play_id) REFERENCES plays(workspace_id, id) ON DELETE CASCADE,
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    );
    -- One open run per play and account (re-entry opens a new one after the last ended).
    CREATE UNIQUE INDEX play_runs_open_key ON play_runs (workspace_id, play_id, account_id)
      WHERE status IN ('active', 'held_out');
    CREATE INDEX play_runs_account_idx ON play_runs (workspace_id, account_id, status);
    CREATE INDEX play_runs_play_idx ON play_runs (workspace_id, play_id, status, entered_at);

    CREATE TABLE play_steps (
      workspace_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      run_id uuid NOT NULL,
      track text NOT NULL,
      step text NOT NULL,
      contact_id uuid,
      status text NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'running', 'done', 'skipped', 'failed', 'uncertain', 'cancelled')),
      due_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      -- A wait for a condition: woken early when the account's people act.
      waiting boolean NOT NULL DEFAULT false,
      attempts int NOT NULL DEFAULT 0,
      claimed_at timestamptz,
      done_at timestamptz,
      outcome jsonb,
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, run_id) REFERENCES play_runs(workspace_id, id) ON DELETE CASCADE,
      FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts(workspace_id, id) ON DELETE CASCADE
    );
    -- A step of a track runs at most once per run and contact.
    CREATE UNIQUE INDEX play_steps_once_key ON play_steps (workspace_id, run_id, track, step, coalesce(contact_id, '00000000-0000-0000-0000-000000000000'::uuid));
    CREATE INDEX play_steps_due_idx ON play_steps (due_at) WHERE status IN ('due', 'running');
    CREATE INDEX play_steps_run_idx ON play_steps (workspace_id, run_id);
    CREATE INDEX play_steps_waiting_idx ON play_steps (workspace_id, run_id) WHERE waiting AND status = 'due';
    CREATE INDEX play_steps_contact_idx ON play_steps (workspace_id, contact_id) WHERE contact_id IS NOT NULL;

    CREATE TABLE play_effects (
      workspace_id uuid NOT NULL,
      effect_key text NOT NULL,
      run_id uuid NOT NULL,
      kind text NOT NULL,
      account_id uuid NOT NULL,
      contact_id uuid,
      status text NOT NULL CHECK (status IN ('started', 'done', 'uncertain', 'failed')),
      detail jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, effect_key),
      FOREIGN KEY (workspace_id, run_id) REFERENCES play_runs(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX play_effects_account_idx ON play_effects (workspace_id, account_id, created_at);
    CREATE INDEX play_effects_run_idx ON play_effects (workspace_id, run_id);
    CREATE INDEX play_effects_contact_idx ON play_effects (workspace_id, contact_id) WHERE contact_id IS NOT NULL;

    CREATE TABLE play_cursors (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      consumer text NOT NULL,
      position bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, consumer)
    );

    CREATE TABLE owner_tasks (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
      kind text NOT NULL CHECK (kind IN ('task', 'alert')),
      title text NOT NULL,
      body text NOT NULL DEFAULT '',
      reason text NOT NULL,
      play_id uuid,
      run_id uuid,
      due_at timestamptz,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dismissed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX owner_tasks_owner_idx ON owner_tasks (workspace_id, owner_id, status, created_at DESC);
    CREATE INDEX owner_tasks_account_idx ON owner_tasks (workspace_id, account_id, created_at DESC);
  `.execute(db);
}

export async function down<T>(db: Kysely<T>): Promise<void> {
  await sql`DROP TABLE IF EXISTS owner_tasks, play_cursors, play_effects, play_steps, play_runs, play_versions, plays CASCADE`.execute(
    db,
  );
}
