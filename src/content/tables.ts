import type { ColumnType, Generated } from 'kysely';
import type { JsonValue } from '../db/json.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
type JsonColumn = ColumnType<JsonValue, JsonValue | string | undefined, JsonValue | string>;

export const ASSET_KINDS = ['email', 'landing_section', 'letter', 'ad_copy', 'document'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
export const ASSET_STATUSES = ['draft', 'published', 'archived'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** One item of the content library (migration 0840). */
export interface ContentAssetsTable {
  workspace_id: string;
  id: Generated<string>;
  kind: AssetKind;
  title: string;
  description: Generated<string>;
  body: Generated<string>;
  url: string | null;
  persona_ids: TextArray;
  functions: TextArray;
  buying_stages: TextArray;
  industries: TextArray;
  language: string | null;
  status: ColumnType<AssetStatus, AssetStatus | undefined, AssetStatus>;
  owner_id: string | null;
  version: Generated<number>;
  updated_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** An earlier state of an asset, one row per version. */
export interface ContentAssetVersionsTable {
  workspace_id: string;
  asset_id: string;
  version: number;
  snapshot: JsonColumn;
  created_by: string | null;
  created_at: CreatedAt;
}

/** A shared block and its variants (a JSON array, see block-fields.ts). */
export interface ContentBlocksTable {
  workspace_id: string;
  id: Generated<string>;
  key: string;
  name: string;
  description: Generated<string>;
  variants: JsonColumn;
  version: Generated<number>;
  updated_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A template; its content lives in content_template_versions. */
export interface ContentTemplatesTable {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  locale: ColumnType<string, string | undefined, string>;
  owner_id: string | null;
  current_version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** One immutable version of a template. */
export interface ContentTemplateVersionsTable {
  workspace_id: string;
  template_id: string;
  version: number;
  subject: string;
  preheader: ColumnType<string, string | undefined, string>;
  html: string;
  text: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

/** Tables of the content module. */
export interface ContentTables {
  content_assets: ContentAssetsTable;
  content_asset_versions: ContentAssetVersionsTable;
  content_blocks: ContentBlocksTable;
  content_templates: ContentTemplatesTable;
  content_template_versions: ContentTemplateVersionsTable;
}

declare module '../db/schema.ts' {
  interface DB extends ContentTables {}
}
