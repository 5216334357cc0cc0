import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { tooManyRequests } from '../errors/too-many-requests.ts';
import { login, logout, openSession, SESSION_COOKIE } from './sessions.ts';
import type { SignInGuard } from './sign-in-lockout.ts';

const LoginBody = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1000),
  workspaceId: z.uuid().optional(),
});
const Me = z.object({
  userId: z.string().nullable(),
  email: z.string().nullable(),
  role: z.enum(['admin', 'marketer', 'sales']),
  actorType: z.enum(['user', 'api_key', 'system']),
  workspace: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
  workspaces: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string(), role: z.string() })),
});

/**
 * Browser sessions: login, logout, who am I, and switching workspace. Sign-in is limited per client
 * address and per account (failed attempts lock the e-mail for a while; a success clears them).
 */
export async function authRoutes(
  app: FastifyInstance,
  database: Database,
  signIn: SignInGuard,
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: 'auto' as const };

  api.post(
    '/auth/login',
    {
      config: { public: true },
      onRequest: signIn.limitAddress,
      schema: { tags: ['auth'], body: LoginBody, security: [] },
    },
    async (request, reply) => {
      const wait = signIn.lockout.begin(request.body.email);
      if (wait > 0) tooManyRequests(reply, wait, 'Too many failed sign-ins for this account');
      const session = await login(db, request.body);
      if (!session) throw new HttpProblem(401, 'Unauthorized', { detail: 'Wrong email or password' });
      signIn.lockout.succeeded(request.body.email);
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
      return { workspaceId: session.workspaceId, userId: session.userId };
    },
  );

  api.post(
    '/auth/logout',
    { config: { public: true }, schema: { tags: ['auth'], security: [] } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  api.get('/auth/me', { schema: { tags: ['auth'], response: { 200: Me } } }, async (request) => {
    const ctx = request.auth;
    if (!ctx) throw new HttpProblem(401, 'Unauthorized');
    const workspace = await db
      .selectFrom('workspaces')
      .select(['id', 'name', 'slug'])
      .where('id', '=', ctx.workspaceId)
      .executeTakeFirstOrThrow();
    const user = ctx.userId
      ? await db.selectFrom('users').select('email').where('id', '=', ctx.userId).executeTakeFirst()
      : undefined;
    const workspaces = ctx.userId
      ? await db
          .selectFrom('workspace_members as m')
          .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
          .select(['w.id', 'w.name', 'w.slug', 'm.role'])
          .where('m.user_id', '=', ctx.userId)
          .orderBy('w.name')
          .execute()
      : [{ ...workspace, role: ctx.role }];
    return {
      userId: ctx.userId,
      email: user?.email ?? null,
      role: ctx.role,
      actorType: ctx.actorType,
      workspace,
      workspaces,
    };
  });

  api.post(
    '/auth/switch',
    { schema: { tags: ['auth'], body: z.strictObject({ workspaceId: z.uuid() }) } },
    async (request, reply) => {
      const ctx = request.auth;
      if (!ctx?.userId || ctx.actorType !== 'user') {
        throw new HttpProblem(403, 'Forbidden', { detail: 'Only a signed-in user can switch workspace' });
      }
      const member = await db
        .selectFrom('workspace_members')
        .select('role')
        .where('user_id', '=', ctx.userId)
        .where('workspace_id', '=', request.body.workspaceId)
        .executeTakeFirst();
      if (!member)
        throw new HttpProblem(404, 'Not found', { detail: 'You are not a member of that workspace' });
      const old = request.cookies[SESSION_COOKIE];
      if (old) await logout(db, old);
      const session = await openSession(db, ctx.userId, request.body.workspaceId);
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
      return { workspaceId: session.workspaceId, role: member.role };
    },
  );
}
