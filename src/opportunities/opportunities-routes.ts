import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import { withWarnings } from '../normalize/normalize-record.ts';
import { recordRoutes } from '../records/record-routes.ts';
import { createOpportunity } from './create-opportunity.ts';
import { deleteOpportunity } from './delete-opportunity.ts';
import { getOpportunity } from './get-opportunity.ts';
import { listOpportunities } from './list-opportunities.ts';
import { OpportunityFieldsSchema } from './opportunity-fields.ts';
import { OPPORTUNITY_LIST_FIELDS } from './opportunity-list-fields.ts';
import { OpportunityOutSchema } from './opportunity-output.ts';
import { updateOpportunity } from './update-opportunity.ts';

/** CRUD and list for opportunities, and an account's opportunities. Sales read and update their own. */
export async function opportunitiesRoutes(app: FastifyInstance, database: Database): Promise<void> {
  await recordRoutes(app, database, {
    plural: 'opportunities',
    one: 'an opportunity',
    noun: 'opportunity',
    fields: OpportunityFieldsSchema,
    patch: OpportunityFieldsSchema.partial(),
    output: OpportunityOutSchema,
    written: withWarnings(OpportunityOutSchema),
    list: { fields: OPPORTUNITY_LIST_FIELDS, defaultSort: '-updatedAt', search: 'name', perAccount: true },
    run: {
      list: listOpportunities,
      create: createOpportunity,
      get: getOpportunity,
      update: updateOpportunity,
      remove: deleteOpportunity,
    },
  });
}
