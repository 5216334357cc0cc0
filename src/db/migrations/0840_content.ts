import { type Kysely, sql } from 'kysely';

/**
 * Content: the library of assets (tagged by persona, function, buying stage and industry, with a version
 * history), shared blocks with their variants (edited in one place, used by every template naming them),
 * and templates whose every edit is a new, immutable version (sends reference the version).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE content_assets (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('email', 'landing_section', 'letter', 'ad_copy', 'document')),
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      body text NOT NULL DEFAULT '',
      url text,
      persona_ids text[] NOT NULL DEFAULT '{}',
      functions text[] NOT NULL DEFAULT '{}',
      buying_stages text[] NOT NULL DEFAULT '{}',
      industries text[] NOT NULL DEFAULT '{}',
      language text,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
      owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
      version integer NOT NULL DEFAULT 1,
      updated_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX content_assets_updated_idx ON content_assets (workspace_id, updated_at DESC, id);
    CREATE INDEX content_assets_owner_idx ON content_assets (owner_id);

    CREATE TABLE content_asset_versions (
      workspace_id uuid NOT NULL,
      asset_id uuid NOT NULL,
      version integer NOT NULL,
      snapshot jsonb NOT NULL,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, asset_id, version),
      FOREIGN KEY (workspace_id, asset_id) REFERENCES content_assets(workspace_id, id) ON DELETE CASCADE
    );

    CREATE TABLE content_blocks (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      key text NOT NULL,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      variants jsonb NOT NULL DEFAULT '[]'::jsonb,
      version integer NOT NULL DEFAULT 1,
      updated_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      CONSTRAINT content_blocks_key_unique UNIQUE (workspace_id, key)
    );

    CREATE TABLE content_templates (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      locale text NOT NULL DEFAULT 'en-US',
      owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
      current_version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      CONSTRAINT content_templates_name_unique UNIQUE (workspace_id, name)
    );
    CREATE INDEX content_templates_owner_idx ON content_templates (owner_id);

    CREATE TABLE content_template_versions (
      workspace_id uuid NOT NULL,
      template_id uuid NOT NULL,
      version integer NOT NULL,
      subject text NOT NULL,
      preheader text NOT NULL DEFAULT '',
      html text NOT NULL,
      text text,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, template_id, version),
      FOREIGN KEY (workspace_id, template_id) REFERENCES content_templates(workspace_id, id) ON DELETE CASCADE
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE content_template_versions; DROP TABLE content_templates; DROP TABLE content_blocks;
    DROP TABLE content_asset_versions; DROP TABLE content_assets;`.execute(db);
}
