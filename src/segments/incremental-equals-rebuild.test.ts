import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { systemContext } from '../auth/auth-context.ts';
import type { InboundEvent } from '../ingest/inbound-payload.ts';
import { processEvents } from '../ingest/process-events.ts';
import { Rng } from '../random/seeded-random.ts';
import { useTestApp } from '../test/test-app.ts';
import { compileRule } from './compile-rule.ts';
import { loadSegments, planSegments, segmentRefs } from './load-segments.ts';
import { runSegmentExpiries } from './run-segment-expiries.ts';
import { createSegment } from './segment-store.ts';

const DAY = 86_400_000;
const COUNTRIES = ['DK', 'SE', 'NO', 'US', null];
const TITLES = ['CFO', 'CIO', 'IT Manager', 'Accountant', 'VP Sales', 'Engineer', null];
const URLS = [
  'https://x.example/pricing',
  'https://x.example/blog/a',
  'https://x.example/docs',
  'https://x.example/pricing/enterprise',
];
const TYPES = ['page_view', 'email_click', 'form_submit'];

describe('segments: incremental upkeep equals a full rebuild on randomised streams', () => {
  const t = useTestApp();

  /** For every dynamic segment: stored current members vs a full evaluation at `at`. */
  async function assertConsistent(ws: string, at: Date, label: string): Promise<number> {
    const { db } = t.database;
    const segments = await loadSegments(db, ws);
    const refs = segmentRefs(segments);
    let members = 0;
    for (const plan of planSegments(segments, ws)) {
      const { segment } = plan;
      if (!segment.rule) continue;
      const where = compileRule(segment.rule, segment.kind, { workspaceId: ws, at, segments: refs }).where;
      const table = sql.table(segment.kind === 'account' ? 'accounts' : 'contacts');
      const expected = (
        await sql<{
          id: string;
        }>`SELECT m.id FROM ${table} m WHERE m.workspace_id = ${ws} AND ${where('m')} ORDER BY m.id`.execute(
          db,
        )
      ).rows.map((r) => r.id);
      const stored = (
        await db
          .selectFrom('segment_memberships')
          .select('member_id')
          .where('workspace_id', '=', ws)
          .where('segment_id', '=', segment.id)
          .where('exited_at', 'is', null)
          .orderBy('member_id')
          .execute()
      ).map((r) => r.member_id);
      assert.deepEqual(stored, expected, `${label}: segment "${segment.name}"`);
      members += stored.length;
    }
    return members;
  }

  for (const seed of [1, 2, 3, 4]) {
    test(`seed ${seed}: writes, activity batches and the passing of time`, async () => {
      const rng = new Rng(`segments-property-${seed}`);
      // A workspace per stream: the time travel of one stream must not leak into the next.
      const w = await t.workspace(`Stream ${seed}`);
      const key = w.keys.admin;
      const accounts: string[] = [];
      const contacts: string[] = [];
      const country = () => rng.pick(COUNTRIES);
      for (let i = 0; i < 10; i++) {
        const res = await t.call('POST', '/accounts', key, {
          name: `S${seed} Account ${i}`,
          country: country(),
          isTarget: rng.chance(0.5),
          tier: rng.pick([1, 2, 3, null]),
        });
        assert.equal(res.statusCode, 201, res.body);
        accounts.push(res.json().id);
      }
      const emails: string[] = [];
      const newContact = async (i: number) => {
        emails.push(`p${seed}-${i}@stream.example`);
        const res = await t.call('POST', '/contacts', key, {
          firstName: `P${seed}-${i}`,
          email: `p${seed}-${i}@stream.example`,
          title: rng.pick(TITLES),
          accountId: rng.chance(0.85) ? rng.pick(accounts) : null,
        });
        assert.equal(res.statusCode, 201, res.body);
        contacts.push(res.json().id);
      };
      for (let i = 0; i < 20; i++) await newContact(i);

      const ctx = systemContext(w.workspaceId);
      const tag = (name: string) => `S${seed} ${name}`;
      const make = (name: string, kind: 'account' | 'contact', rule: unknown) =>
        createSegment(t.database.db, ctx, {
          name: tag(name),
          description: '',
          kind,
          type: 'dynamic',
          rule: rule as never,
        });
      const clickers = await make('clickers', 'contact', {
        type: 'activity',
        activityTypes: ['email_click'],
        window: { lastDays: 3 },
      });
      const hot = await make('hot', 'account', {
        type: 'and',
        rules: [
          { type: 'field', field: 'country', op: 'in', value: ['DK', 'SE', 'NO'] },
          { type: 'activity', urlPattern: '/pricing', atLeast: 2, window: { lastDays: 5 } },
        ],
      });
      await make('quiet', 'account', {
        type: 'or',
        rules: [
          { type: 'not', rule: { type: 'activity', window: { lastDays: 2 } } },
          { type: 'engagement', min: 8 },
        ],
      });
      await make('execs at hot', 'contact', {
        type: 'and',
        rules: [
          { type: 'accountInSegment', segmentId: hot.id },
          { type: 'contactField', field: 'seniority', op: 'in', value: ['c_level', 'vp'] },
        ],
      });
      await make('accounts with clickers', 'account', {
        type: 'peopleInSegment',
        segmentId: clickers.id,
        atLeast: 1,
      });
      await make('busy committees', 'account', {
        type: 'and',
        rules: [
          { type: 'people', atLeast: 2, rule: { type: 'activity', window: { lastDays: 4 } } },
          { type: 'not', rule: { type: 'field', field: 'tier', op: 'eq', value: 3 } },
        ],
      });
      await make('engaged targets', 'account', {
        type: 'and',
        rules: [
          { type: 'field', field: 'isTarget', op: 'eq', value: true },
          { type: 'engagedPeople', atLeast: 1, withinDays: 3 },
        ],
      });
      // People whose value reads their account (evaluated for the people of touched accounts) and
      // behaviour by seniority (probed per activity's person).
      await make('people at busy accounts', 'contact', {
        type: 'account',
        rule: {
          type: 'activity',
          atLeast: 2,
          window: { lastDays: 3 },
          by: { seniorities: ['c_level', 'vp'] },
        },
      });
      await make('active since stage', 'contact', {
        type: 'activity',
        window: { sinceStage: true },
      });

      for (let step = 0; step < 25; step++) {
        const roll = rng.next();
        if (roll < 0.2) {
          // Tracked events through the ingestion pipeline: identify a person, then their page views.
          const email = rng.pick(emails);
          const userId = `u-${email}`;
          const event = (kind: 'identify' | 'page', n: number): InboundEvent => ({
            kind,
            messageId: `${seed}-${step}-${n}`,
            userId,
            anonymousId: null,
            type: kind === 'identify' ? 'identify' : 'page_view',
            occurredAt: new Date(Date.now() - rng.next() * 6 * DAY),
            ip: null,
            properties: kind === 'page' ? { url: rng.pick(URLS) } : {},
            traits: kind === 'identify' ? { email } : {},
            groupId: null,
            previousId: null,
            batchId: 0,
            position: n,
          });
          const events = [
            event('identify', 0),
            ...Array.from({ length: rng.int(1, 4) }, (_, n) => event('page', n + 1)),
          ];
          await t.database.db.transaction().execute((trx) => processEvents(trx, w.workspaceId, events));
        } else if (roll < 0.6) {
          const batch = Array.from({ length: rng.int(1, 8) }, () => {
            const byContact = rng.chance(0.7);
            return {
              type: rng.pick(TYPES),
              occurredAt: new Date(Date.now() - rng.next() * 6 * DAY).toISOString(),
              ...(byContact ? { contactId: rng.pick(contacts) } : { accountId: rng.pick(accounts) }),
              properties: { url: rng.pick(URLS) },
            };
          });
          const res = await t.call('POST', '/activities/batch', key, { activities: batch });
          assert.equal(res.statusCode, 200, res.body);
        } else if (roll < 0.75) {
          const res = await t.call('PATCH', `/accounts/${rng.pick(accounts)}`, key, {
            country: country(),
            tier: rng.pick([1, 2, 3, null]),
          });
          assert.equal(res.statusCode, 200, res.body);
        } else if (roll < 0.9) {
          const res = await t.call('PATCH', `/contacts/${rng.pick(contacts)}`, key, {
            title: rng.pick(TITLES),
            ...(rng.chance(0.3) ? { accountId: rng.pick(accounts) } : {}),
          });
          assert.equal(res.statusCode, 200, res.body);
        } else if (roll < 0.95 || contacts.length < 5) {
          await newContact(100 + step);
        } else {
          const [gone] = contacts.splice(rng.int(0, contacts.length - 1), 1);
          assert.equal((await t.call('DELETE', `/contacts/${gone}`, key)).statusCode, 204);
        }
      }
      const members = await assertConsistent(w.workspaceId, new Date(), 'after the stream');
      assert.ok(members > 0, 'the stream put someone in some segment');

      // Time passes: windows run out; the expiry sweep re-evaluates only the due records.
      for (const days of [1.5, 3.2, 6.5]) {
        const later = new Date(Date.now() + days * DAY);
        await runSegmentExpiries(t.database.db, later);
        await assertConsistent(w.workspaceId, later, `${days} days later`);
      }
      // Entry and exit events are in the outbox, one per stint boundary.
      const events = await t.database.db
        .selectFrom('signal_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', w.workspaceId)
        .where('type', 'in', ['segment_entered', 'segment_exited'])
        .executeTakeFirstOrThrow();
      const stints = await sql<{
        n: number;
      }>`SELECT (count(*) + count(exited_at))::int AS n FROM segment_memberships
        WHERE workspace_id = ${w.workspaceId}`.execute(t.database.db);
      assert.equal(Number(events.n), stints.rows[0]?.n);
    });
  }
});
