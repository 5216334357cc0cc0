import type { Kysely } from 'kysely';
import { systemContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { ensureDefaultPersonas } from '../personas/default-personas.ts';
import { rebuildSegment } from '../segments/rebuild-segment.ts';
import type { SegmentRule } from '../segments/segment-rule.ts';
import { createSegment } from '../segments/segment-store.ts';

const NORDICS = ['DK', 'SE', 'NO', 'FI', 'IS', 'Denmark', 'Sweden', 'Norway', 'Finland', 'Iceland'];
const DAY = 86_400_000;

/**
 * The demo's segments, the two examples among them, with four weeks of membership history:
 * each is evaluated as it would have been every other day of the last 28 (windows end at that day),
 * so the members list, the entries and exits and the membership chart have something to show.
 * Returns the number of segments.
 */
export async function createDemoSegments(
  db: Kysely<DB>,
  workspaceId: string,
  now = new Date(),
): Promise<number> {
  await ensureDefaultPersonas(db, workspaceId);
  const personas = await db
    .selectFrom('personas')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  const persona = (name: string) => personas.filter((p) => p.name === name).map((p) => p.id);
  const endUsers = persona('End Users');
  const cfoAndIt = [...persona('Finance Leader'), ...persona('IT & Security')];
  const pricingTwice: SegmentRule = {
    type: 'activity',
    urlPattern: '/pricing',
    atLeast: 2,
    window: { lastDays: 14 },
    ...(endUsers.length > 0 ? { by: { personaIds: endUsers } } : {}),
  };
  const segments: { name: string; description: string; kind: 'account' | 'contact'; rule: SegmentRule }[] = [
    {
      name: 'Nordic Tier 1 surging, no open deal',
      description:
        'Tier 1 target accounts in the Nordics that surged on a topic this week and have no open opportunity',
      kind: 'account',
      rule: {
        type: 'and',
        rules: [
          { type: 'field', field: 'isTarget', op: 'eq', value: true },
          { type: 'field', field: 'tier', op: 'eq', value: 1 },
          { type: 'field', field: 'country', op: 'in', value: NORDICS },
          { type: 'intentSurge' },
          { type: 'not', rule: { type: 'opportunity', state: 'open' } },
        ],
      },
    },
    {
      name: 'CFOs and IT leads where end users priced',
      description:
        'The CFOs and IT leads at accounts where an end user visited the pricing page twice in 14 days',
      kind: 'contact',
      rule: {
        type: 'and',
        rules: [
          cfoAndIt.length > 0
            ? { type: 'persona', personaIds: cfoAndIt }
            : { type: 'contactField', field: 'jobFunction', op: 'in', value: ['finance', 'it'] },
          { type: 'account', rule: pricingTwice },
        ],
      },
    },
    {
      name: 'Hot target accounts',
      description: 'Target accounts with at least 3 engaged people in 30 days or 5 visits in a week',
      kind: 'account',
      rule: {
        type: 'and',
        rules: [
          { type: 'field', field: 'isTarget', op: 'eq', value: true },
          {
            type: 'or',
            rules: [
              { type: 'engagedPeople', atLeast: 3, withinDays: 30, distinctPersonas: false },
              { type: 'activity', activityTypes: ['page_view'], atLeast: 5, window: { lastDays: 7 } },
            ],
          },
        ],
      },
    },
    {
      name: 'Gone quiet customers',
      description: 'Customers with no activity in 21 days',
      kind: 'account',
      rule: {
        type: 'and',
        rules: [
          { type: 'field', field: 'lifecycle', op: 'eq', value: 'customer' },
          { type: 'not', rule: { type: 'activity', atLeast: 1, window: { lastDays: 21 } } },
        ],
      },
    },
  ];
  const ctx = systemContext(workspaceId, 'demo');
  const ids: string[] = [];
  for (const s of segments) ids.push((await createSegment(db, ctx, { ...s, type: 'dynamic' })).id);
  // History: re-evaluate as of every other day of the last four weeks, oldest first, then now.
  await db.deleteFrom('segment_memberships').where('workspace_id', '=', workspaceId).execute();
  await db
    .deleteFrom('signal_events')
    .where('workspace_id', '=', workspaceId)
    .where('type', 'in', ['segment_entered', 'segment_exited'])
    .execute();
  for (let days = 28; days >= 0; days -= 2) {
    const at = new Date(now.getTime() - days * DAY);
    for (const id of ids)
      await db
        .transaction()
        .execute((trx) => rebuildSegment(trx, workspaceId, id, days === 0 ? 'rebuild' : 'history', at));
  }
  return ids.length;
}
