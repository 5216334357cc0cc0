import { z } from 'zod';
import { accountDetailSchema } from '../../../../src/contracts/account-contract.ts';
import { accountPlanSchema } from '../../../../src/contracts/account-plan-contract.ts';

/** Shapes of the dossier's API answers (extra fields ignored; see src/contracts/ for the shared ones). */
export const AccountDetail = accountDetailSchema(z.string());
export type AccountDetailT = z.infer<typeof AccountDetail>;

type TreeNode = { id: string; name: string; depth: number; children: TreeNode[] };
const TreeNodeSchema: z.ZodType<TreeNode> = z.lazy(() =>
  z.object({ id: z.string(), name: z.string(), depth: z.number(), children: z.array(TreeNodeSchema) }),
);
export type TreeNodeT = TreeNode;
export const Hierarchy = z.object({
  ultimateParentId: z.string(),
  tree: TreeNodeSchema,
  truncated: z.boolean(),
});

const Criterion = z.object({ id: z.string(), label: z.string(), weight: z.number() });
export const Fit = z.object({
  fitScore: z.number().nullable(),
  fitGrade: z.string().nullable(),
  fitSource: z.string().nullable(),
  fitProbability: z.number().nullable(),
  reasons: z.unknown(),
  rule: z.object({
    score: z.number().nullable(),
    matched: z.array(Criterion),
    unmatched: z.array(Criterion),
  }),
  tier: z.number().nullable(),
  tierOverride: z.number().nullable(),
  tierReason: z.string().nullable(),
});

export const Engagement = z.object({
  score: z.number(),
  lastActivityAt: z.string().nullable(),
  counts: z.object({ days7: z.number(), days30: z.number(), days90: z.number() }),
  engagedPeople: z.object({ days30: z.number(), days90: z.number() }),
  momentum: z.object({ lift: z.number().nullable(), trend: z.string() }),
  stage: z.object({ key: z.string(), name: z.string(), since: z.string().nullable() }).nullable(),
  stageHistory: z.array(
    z.object({ from: z.string().nullable(), to: z.string(), at: z.string(), reason: z.string().nullable() }),
  ),
  weekly: z.array(
    z.object({ weekStart: z.string(), points: z.number(), events: z.number(), score: z.number() }),
  ),
});

const Role = z.string();
const CommitteeContact = z.object({ id: z.string(), name: z.string(), title: z.string().nullable() });
export const Committee = z.object({
  contactCount: z.number(),
  roles: z.array(
    z.object({
      role: Role,
      covered: z.boolean(),
      contactCount: z.number(),
      personas: z.array(z.object({ id: z.string(), name: z.string(), contacts: z.array(CommitteeContact) })),
    }),
  ),
  missingRoles: z.array(Role),
  unassigned: z.array(CommitteeContact),
});
export type CommitteeT = z.infer<typeof Committee>;

export const Contacts = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      email: z.string().nullable(),
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      title: z.string().nullable(),
      matchMethod: z.string().nullable(),
      matchConfidence: z.number().nullable(),
      doNotContact: z.boolean(),
      unsubscribed: z.boolean(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const Opportunities = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      stage: z.string().nullable(),
      amount: z.number().nullable(),
      currency: z.string().nullable().optional(),
      closeDate: z.string().nullable().optional(),
      isClosed: z.boolean().optional(),
      isWon: z.boolean().optional(),
    }),
  ),
});

export const Timeline = z.object({
  data: z.array(
    z.object({
      id: z.union([z.number(), z.string()]),
      type: z.string(),
      occurredAt: z.string(),
      source: z.string().nullable(),
      properties: z.record(z.string(), z.unknown()),
      contact: z
        .object({ id: z.string(), name: z.string().nullable(), title: z.string().nullable() })
        .nullable(),
      weight: z.object({ weight: z.number() }).nullable().optional(),
    }),
  ),
  nextCursor: z.string().nullable().optional(),
});
export type TimelineItem = z.infer<typeof Timeline>['data'][number];

export const Intent = z.object({
  data: z.array(
    z.object({
      topicId: z.string(),
      topic: z.string(),
      current: z.object({ events: z.number(), surging: z.boolean(), pValue: z.number() }).nullable(),
      weeks: z.array(z.object({ weekStart: z.string(), events: z.number() })),
    }),
  ),
});

export const Plan = accountPlanSchema(z.string());
export type PlanT = z.infer<typeof Plan>;
