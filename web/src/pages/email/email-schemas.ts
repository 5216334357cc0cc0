import { z } from 'zod';

/** One row of the send log (GET /api/v1/email/sends). */
export const Send = z.object({
  id: z.string(),
  batchId: z.string(),
  batchName: z.string().nullable(),
  email: z.string().nullable(),
  contactId: z.string().nullable(),
  accountId: z.string().nullable(),
  kind: z.string(),
  topic: z.string().nullable(),
  status: z.string(),
  dryRun: z.boolean(),
  subject: z.string().nullable(),
  reason: z.string().nullable(),
  attempts: z.number(),
  queuedAt: z.string(),
  dueAt: z.string(),
  sentAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  clickedAt: z.string().nullable(),
  bouncedAt: z.string().nullable(),
  complainedAt: z.string().nullable(),
  unsubscribedAt: z.string().nullable(),
});
export type Send = z.infer<typeof Send>;

export const SendLog = z.object({ data: z.array(Send), nextCursor: z.string().nullable() });

export const Batches = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      topic: z.string().nullable(),
      createdAt: z.string(),
      counts: z.record(z.string(), z.number()),
    }),
  ),
});

/** The furthest a send got, for its badge: complained › bounced › clicked › opened › its status. */
export function sendStage(s: Send): { label: string; tone: 'good' | 'missing' | '' } {
  if (s.complainedAt) return { label: 'complained', tone: 'missing' };
  if (s.bouncedAt || s.status === 'bounced') return { label: 'bounced', tone: 'missing' };
  if (s.unsubscribedAt) return { label: 'unsubscribed', tone: 'missing' };
  if (s.clickedAt) return { label: 'clicked', tone: 'good' };
  if (s.openedAt) return { label: 'opened', tone: 'good' };
  if (s.status === 'refused' || s.status === 'failed' || s.status === 'uncertain')
    return { label: s.status, tone: 'missing' };
  return { label: s.dryRun && s.status === 'sent' ? 'sent (dry run)' : s.status, tone: '' };
}
