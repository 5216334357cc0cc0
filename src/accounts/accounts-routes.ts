import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import { withWarnings } from '../normalize/normalize-record.ts';
import { recordRoutes } from '../records/record-routes.ts';
import { AccountFieldsSchema } from './account-fields.ts';
import { ACCOUNT_LIST_FIELDS } from './account-list-fields.ts';
import { AccountOutSchema } from './account-output.ts';
import { createAccount } from './create-account.ts';
import { deleteAccount } from './delete-account.ts';
import { AccountDetailSchema, getAccount } from './get-account.ts';
import { listAccounts } from './list-accounts.ts';
import { updateAccount } from './update-account.ts';

/** CRUD and list for accounts. Sales read and update their own; marketers and admins write. */
export async function accountsRoutes(app: FastifyInstance, database: Database): Promise<void> {
  await recordRoutes(app, database, {
    plural: 'accounts',
    one: 'an account',
    noun: 'account',
    fields: AccountFieldsSchema,
    patch: AccountFieldsSchema.partial(),
    output: AccountOutSchema,
    written: withWarnings(AccountOutSchema),
    detail: { schema: AccountDetailSchema, summary: 'One account with its parent and counts' },
    list: { fields: ACCOUNT_LIST_FIELDS, defaultSort: 'name', search: 'name and domain', perAccount: false },
    run: {
      list: listAccounts,
      create: createAccount,
      get: getAccount,
      update: updateAccount,
      remove: deleteAccount,
    },
  });
}
