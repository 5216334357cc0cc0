import type { ColumnType, Generated } from 'kysely';
import type { JsonObject } from '../db/json.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** A named filter + sort set of a list page. `owner` is the user id (or `api_key:<id>`). */
export interface SavedViewsTable {
  workspace_id: string;
  id: Generated<string>;
  owner: string;
  page: string;
  name: string;
  filters: ColumnType<JsonObject, JsonObject | string | undefined, JsonObject | string>;
  sort: Generated<string>;
  shared: Generated<boolean>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: Timestamp;
}

/** Tables of the saved-views module. */
export interface SavedViewsTables {
  saved_views: SavedViewsTable;
}

declare module '../db/schema.ts' {
  interface DB extends SavedViewsTables {}
}
