import type { ListFieldMap } from '../records/list-fields.ts';

/** Filterable and sortable contact fields for `GET /contacts` (API name → column, type, sortable). */
export const CONTACT_LIST_FIELDS: ListFieldMap = {
  id: { column: 'id', type: 'uuid', sortable: false, nullable: false },
  accountId: { column: 'account_id', type: 'uuid', sortable: false, nullable: true },
  email: { column: 'email', type: 'text', sortable: false, nullable: true },
  emailDomain: { column: 'email_domain', type: 'text', sortable: false, nullable: true },
  firstName: { column: 'first_name', type: 'text', sortable: false, nullable: true },
  lastName: { column: 'last_name', type: 'text', sortable: false, nullable: true },
  title: { column: 'title', type: 'text', sortable: false, nullable: true },
  phone: { column: 'phone', type: 'text', sortable: false, nullable: true },
  country: { column: 'country', type: 'text', sortable: false, nullable: true },
  matchMethod: { column: 'match_method', type: 'text', sortable: false, nullable: true },
  unsubscribed: { column: 'unsubscribed', type: 'boolean', sortable: false, nullable: false },
  bounced: { column: 'bounced', type: 'boolean', sortable: false, nullable: false },
  doNotContact: { column: 'do_not_contact', type: 'boolean', sortable: false, nullable: false },
  consentBasis: {
    column: 'consent_basis',
    type: 'text',
    sortable: false,
    nullable: true,
    values: ['consent', 'legitimate_interest', 'contract', 'none'],
  },
  ownerId: { column: 'owner_id', type: 'uuid', sortable: false, nullable: true },
  salesforceId: { column: 'salesforce_id', type: 'text', sortable: false, nullable: true },
  hubspotId: { column: 'hubspot_id', type: 'text', sortable: false, nullable: true },
  createdAt: { column: 'created_at', type: 'timestamp', sortable: true, nullable: false },
  updatedAt: { column: 'updated_at', type: 'timestamp', sortable: true, nullable: false },
};

/** Columns `q=` searches on contacts. */
export const CONTACT_SEARCH_COLUMNS = ['email', 'first_name', 'last_name'] as const;
