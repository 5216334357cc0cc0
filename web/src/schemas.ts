import { z } from 'zod';
import { accountOutSchema } from '../../src/contracts/account-contract.ts';
import { StageSummarySchema, stageArrivalsSchema } from '../../src/contracts/report-contract.ts';

/**
 * Shapes of the public API answers the pages read (extra fields are ignored). Answers the server
 * describes in src/contracts/ are built from there, with timestamps as the ISO strings JSON carries.
 */
export const AccountRow = accountOutSchema(z.string());
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
export const StageSummary = StageSummarySchema;
export type StageSummaryT = z.infer<typeof StageSummary>;

/** GET /reports/stage-arrivals: latest accounts to enter a stage. */
export const StageArrivals = stageArrivalsSchema(z.string());
