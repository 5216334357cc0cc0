import type { ListFieldMap } from '../records/list-fields.ts';

/** Filterable and sortable opportunity fields for `GET /opportunities` (API name → column, type, sortable). */
export const OPPORTUNITY_LIST_FIELDS: ListFieldMap = {
  id: { column: 'id', type: 'uuid', sortable: false, nullable: false },
  accountId: { column: 'account_id', type: 'uuid', sortable: false, nullable: true },
  name: { column: 'name', type: 'text', sortable: false, nullable: false },
  stage: { column: 'stage', type: 'text', sortable: false, nullable: false },
  amount: { column: 'amount', type: 'number', sortable: true, nullable: true },
  currency: { column: 'currency', type: 'text', sortable: false, nullable: true },
  createdDate: { column: 'created_date', type: 'date', sortable: false, nullable: false },
  closeDate: { column: 'close_date', type: 'date', sortable: true, nullable: true },
  isClosed: { column: 'is_closed', type: 'boolean', sortable: false, nullable: false },
  isWon: { column: 'is_won', type: 'boolean', sortable: false, nullable: false },
  ownerId: { column: 'owner_id', type: 'uuid', sortable: false, nullable: true },
  salesforceId: { column: 'salesforce_id', type: 'text', sortable: false, nullable: true },
  hubspotId: { column: 'hubspot_id', type: 'text', sortable: false, nullable: true },
  createdAt: { column: 'created_at', type: 'timestamp', sortable: true, nullable: false },
  updatedAt: { column: 'updated_at', type: 'timestamp', sortable: true, nullable: false },
};

/** Columns `q=` searches on opportunities. */
export const OPPORTUNITY_SEARCH_COLUMNS = ['name'] as const;
