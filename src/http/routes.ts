import type { FastifyInstance } from 'fastify';
import { accountPlanRoutes } from '../account-plans/account-plan-routes.ts';
import { accountsRoutes } from '../accounts/accounts-routes.ts';
import { activitiesRoutes } from '../activities/activities-routes.ts';
import { alertsRoutes } from '../alerts/alerts-routes.ts';
import { authRoutes } from '../auth/auth-routes.ts';
import type { SignInGuard } from '../auth/sign-in-lockout.ts';
import { contactsRoutes } from '../contacts/contacts-routes.ts';
import { assetRoutes } from '../content/asset-routes.ts';
import { templateRoutes } from '../content/template-routes.ts';
import type { Database } from '../db/database.ts';
import { emailRoutes } from '../email/email-routes.ts';
import { unsubscribeRoutes } from '../email/unsubscribe-routes.ts';
import { emailTrackingRoutes } from '../email-tracking/email-tracking-routes.ts';
import { fitRoutes } from '../fit/fit-routes.ts';
import { hierarchyRoutes } from '../hierarchy/hierarchy-routes.ts';
import { bulkRoutes } from '../imports/bulk-routes.ts';
import { importRoutes } from '../imports/import-routes.ts';
import { ingestRoutes } from '../ingest/ingest-routes.ts';
import { writeKeyRoutes } from '../ingest/write-key-routes.ts';
import { matchingRoutes } from '../matching/matching-routes.ts';
import { notesRoutes } from '../notes/notes-routes.ts';
import { opportunitiesRoutes } from '../opportunities/opportunities-routes.ts';
import { personaRoutes } from '../personas/persona-routes.ts';
import { ownerTasksRoutes } from '../plays/owner-tasks-routes.ts';
import { playsRoutes } from '../plays/plays-routes.ts';
import { privacyRoutes } from '../privacy/privacy-routes.ts';
import { measurementRoutes } from '../reports/measurement-routes.ts';
import { reportRoutes } from '../reports/report-routes.ts';
import { reviewRoutes } from '../reports/review-routes.ts';
import { spendRoutes } from '../reports/spend-routes.ts';
import { routingRoutes } from '../routing/routing-routes.ts';
import { savedViewRoutes } from '../saved-views/saved-view-routes.ts';
import { segmentsRoutes } from '../segments/segments-routes.ts';
import { signalsRoutes } from '../signals/signals-routes.ts';
import { targetRoutes } from '../targets/target-routes.ts';
import { workspaceRoutes } from '../workspaces/workspace-routes.ts';
import { rejectUnsafeText } from './safe-text.ts';

/**
 * Every domain's routes, mounted under /api/v1. Add a line per domain. Every route's path parameters,
 * query and JSON body are first checked for text PostgreSQL cannot store (`safe-text.ts`).
 */
export async function registerRoutes(
  app: FastifyInstance,
  database: Database,
  signIn: SignInGuard,
): Promise<void> {
  app.addHook('preValidation', rejectUnsafeText);
  await app.register(
    async (api) => {
      await authRoutes(api, database, signIn);
      await writeKeyRoutes(api, database);
      await workspaceRoutes(api, database);
      await accountsRoutes(api, database);
      await contactsRoutes(api, database);
      await opportunitiesRoutes(api, database);
      await playsRoutes(api, database);
      await ownerTasksRoutes(api, database);
      await activitiesRoutes(api, database);
      await bulkRoutes(api, database);
      await importRoutes(api, database);
      await notesRoutes(api, database);
      await matchingRoutes(api, database);
      await personaRoutes(api, database);
      await hierarchyRoutes(api, database);
      await signalsRoutes(api, database);
      await fitRoutes(api, database);
      await targetRoutes(api, database);
      await accountPlanRoutes(api, database);
      await savedViewRoutes(api, database);
      await reportRoutes(api, database);
      await measurementRoutes(api, database);
      await spendRoutes(api, database);
      await reviewRoutes(api, database);
      await privacyRoutes(api, database);
      await segmentsRoutes(api, database);
      await assetRoutes(api, database);
      await templateRoutes(api, database);
      await emailRoutes(api, database);
      await routingRoutes(api, database);
      await alertsRoutes(api, database);
    },
    { prefix: '/api/v1' },
  );
  // Public tracking endpoints live outside /api: /v1/* (Segment-compatible), /t.js, /e/*, /u/* (unsubscribe).
  await ingestRoutes(app, database);
  await emailTrackingRoutes(app, database);
  await unsubscribeRoutes(app, database);
}
