import { type Kysely, sql } from 'kysely';

/**
 * Buying committee: each contact's derived job function and seniority, the workspace's personas
 * (function × seniority × title keywords → committee role) and which personas each contact is in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE contacts
      ADD COLUMN job_function text CHECK (job_function IN ('executive', 'marketing', 'sales', 'finance', 'it',
        'engineering', 'operations', 'hr', 'legal', 'product', 'procurement', 'customer_success', 'other')),
      ADD COLUMN seniority text CHECK (seniority IN ('c_level', 'vp', 'director', 'manager', 'individual'));
    CREATE INDEX contacts_function_seniority_idx ON contacts (workspace_id, job_function, seniority);

    CREATE TABLE personas (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      functions text[] NOT NULL DEFAULT '{}',
      seniorities text[] NOT NULL DEFAULT '{}',
      include_keywords text[] NOT NULL DEFAULT '{}',
      exclude_keywords text[] NOT NULL DEFAULT '{}',
      committee_role text NOT NULL CHECK (committee_role IN ('decision_maker', 'champion', 'influencer', 'user',
        'budget_holder', 'technical_evaluator', 'legal_procurement', 'blocker')),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE UNIQUE INDEX personas_name_key ON personas (workspace_id, lower(name));

    -- Marks workspaces whose default personas were created, so deleting them all does not re-seed.
    CREATE TABLE persona_seeds (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      seeded_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE contact_personas (
      workspace_id uuid NOT NULL,
      contact_id uuid NOT NULL,
      persona_id uuid NOT NULL,
      assigned_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, contact_id, persona_id),
      FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts(workspace_id, id) ON DELETE CASCADE,
      FOREIGN KEY (workspace_id, persona_id) REFERENCES personas(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX contact_personas_persona_idx ON contact_personas (workspace_id, persona_id, contact_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS contact_personas, persona_seeds, personas;
    ALTER TABLE contacts DROP COLUMN IF EXISTS job_function, DROP COLUMN IF EXISTS seniority;
  `.execute(db);
}
