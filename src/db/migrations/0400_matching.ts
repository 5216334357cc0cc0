import { type Kysely, sql } from 'kysely';

/**
 * Lead-to-account matching: manual decisions (assign / reject) that stick across re-runs, keyed by the
 * contact (`contact:<id>`) and by its normalised email (`email:<address>`) so a re-imported person keeps
 * the decision; and a per-workspace accounts version, bumped by statement-level triggers whenever
 * accounts or account_domains change, so every process can cheaply tell whether its cached in-memory
 * matching index is stale.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE match_decisions (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      lead_key text NOT NULL CHECK (length(lead_key) BETWEEN 1 AND 400),
      decision text NOT NULL CHECK (decision IN ('assign', 'reject')),
      account_id uuid,
      decided_by text NOT NULL,
      decided_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, lead_key),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE,
      CHECK (decision <> 'assign' OR account_id IS NOT NULL)
    );
    CREATE INDEX match_decisions_account_idx ON match_decisions (workspace_id, account_id) WHERE account_id IS NOT NULL;

    CREATE TABLE matching_versions (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      version bigint NOT NULL DEFAULT 1,
      changed_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE FUNCTION matching_bump_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO matching_versions AS v (workspace_id, version, changed_at)
      SELECT DISTINCT r.workspace_id, 1, now() FROM changed_rows r
      WHERE EXISTS (SELECT 1 FROM workspaces w WHERE w.id = r.workspace_id)
      ON CONFLICT (workspace_id) DO UPDATE SET version = v.version + 1, changed_at = now();
      RETURN NULL;
    END
    $fn$;

    CREATE TRIGGER accounts_matching_ins AFTER INSERT ON accounts
      REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION matching_bump_version();
    CREATE TRIGGER accounts_matching_upd AFTER UPDATE ON accounts
      REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION matching_bump_version();
    CREATE TRIGGER accounts_matching_del AFTER DELETE ON accounts
      REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION matching_bump_version();
    CREATE TRIGGER account_domains_matching_ins AFTER INSERT ON account_domains
      REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION matching_bump_version();
    CREATE TRIGGER account_domains_matching_upd AFTER UPDATE ON account_domains
      REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION matching_bump_version();
    CREATE TRIGGER account_domains_matching_del AFTER DELETE ON account_domains
      REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION matching_bump_version();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER IF EXISTS accounts_matching_ins ON accounts;
    DROP TRIGGER IF EXISTS accounts_matching_upd ON accounts;
    DROP TRIGGER IF EXISTS accounts_matching_del ON accounts;
    DROP TRIGGER IF EXISTS account_domains_matching_ins ON account_domains;
    DROP TRIGGER IF EXISTS account_domains_matching_upd ON account_domains;
    DROP TRIGGER IF EXISTS account_domains_matching_del ON account_domains;
    DROP FUNCTION IF EXISTS matching_bump_version();
    DROP TABLE IF EXISTS matching_versions;
    DROP TABLE IF EXISTS match_decisions;
  `.execute(db);
}
