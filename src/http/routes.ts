import type { FastifyInstance } from 'fastify';
import { authRoutes } from '../auth/auth-routes.ts';
import type { Database } from '../db/database.ts';
import { workspaceRoutes } from '../workspaces/workspace-routes.ts';

/** Every domain's routes, mounted under /api/v1. Add a line per domain. */
export async function registerRoutes(app: FastifyInstance, database: Database): Promise<void> {
  await app.register(
    async (api) => {
      await authRoutes(api, database);
      await workspaceRoutes(api, database);
    },
    { prefix: '/api/v1' },
  );
}
