import { z } from 'zod';

/** Shapes of the public API answers the pages read (tolerant: extra fields are ignored). */
export const AccountRow = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  country: z.string().nullable(),
  employeeCount: z.number().nullable(),
  annualRevenue: z.number().nullable(),
  currency: z.string().nullable().optional(),
  lifecycle: z.string(),
  isTarget: z.boolean(),
  tier: z.number().nullable(),
  ownerId: z.string().nullable(),
  updatedAt: z.string().optional(),
  fitScore: z.number().nullable().optional(),
  fitGrade: z.string().nullable().optional(),
  // Signals fields (stage key, when it was entered, decayed engagement score, momentum as lift vs the
  // prior 3 weeks, 0.5 = +50 %): optional, so the page works against servers that do not return them.
  stage: z.string().nullable().optional(),
  stageSince: z.string().nullable().optional(),
  engagementScore: z.number().nullable().optional(),
  momentum: z.number().nullable().optional(),
  lastActivityAt: z.string().nullable().optional(),
});
export type AccountRowT = z.infer<typeof AccountRow>;
export const AccountListPage = z.object({ data: z.array(AccountRow), nextCursor: z.string().nullable() });

export const Users = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      email: z.string(),
      name: z.string().nullable(),
      role: z.string(),
      createdAt: z.string(),
    }),
  ),
});

export const ImportRow = z.object({
  id: z.string(),
  kind: z.string(),
  fileName: z.string().nullable(),
  status: z.string(),
  dryRun: z.boolean(),
  rowsTotal: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  hasRejects: z.boolean(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  mapping: z.record(z.string(), z.unknown()).optional(),
  /** Progress of a running import (rowsTotal = rows read so far); absent on older servers. */
  elapsedSeconds: z.number().optional(),
  rowsPerSecond: z.number().nullable().optional(),
});
export type ImportRowT = z.infer<typeof ImportRow>;
export const ImportList = z.object({ data: z.array(ImportRow) });

export const Stages = z.object({
  stages: z.array(z.object({ key: z.string(), name: z.string() }).passthrough()),
});

export const CommitteeSummary = z.object({
  targetAccounts: z.number(),
  minContacts: z.number(),
  withMinContacts: z.object({ accounts: z.number(), share: z.number() }),
  roles: z.array(z.object({ role: z.string(), accounts: z.number(), share: z.number() })),
  fullyCovered: z.object({ accounts: z.number(), share: z.number() }),
});

export const SurgingList = z.object({
  data: z.array(
    z.object({
      accountId: z.string(),
      accountName: z.string(),
      topic: z.string(),
      events: z.number(),
      pValue: z.number(),
      thirdPartyScore: z.number().nullable(),
    }),
  ),
});

/** GET /reports/stage-summary: accounts per stage in model order, with recent entries. */
export const StageSummary = z.object({
  isTarget: z.boolean().nullable(),
  windowDays: z.number(),
  stages: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      inModel: z.boolean(),
      accounts: z.number(),
      share: z.number(),
      enteredLast30Days: z.number(),
    }),
  ),
  totals: z.object({ accounts: z.number(), enteredLast30Days: z.number() }),
});
export type StageSummaryT = z.infer<typeof StageSummary>;

/** GET /reports/stage-arrivals: latest accounts to enter a stage. */
export const StageArrivals = z.object({
  data: z.array(z.object({ accountId: z.string(), accountName: z.string(), since: z.string() })),
});
