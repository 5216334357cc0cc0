import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { type IcpAccount, IcpProfileSchema, resolveCriteria, scoreIcp } from './icp-criteria.ts';
import { saveIcpProfile } from './icp-profile.ts';
import { insertPlantedWorld } from './insert-planted-world.ts';
import { scoreAccounts } from './score-accounts.ts';

const written = async (workspaceId: string, ids?: string[]) =>
  (await scoreAccounts(t.database.db, workspaceId, ids)).written;

const t = useTestApp({ withApp: false });

const profile = IcpProfileSchema.parse({
  criteria: [
    { id: 'industry', weight: 30, field: 'industry', op: 'in', values: ['software', ' Financial Services '] },
    { weight: 25, field: 'employeeCount', op: 'between', min: 200, max: 20000 },
    { weight: 10, field: 'annualRevenue', op: 'between', min: 1e7 },
    { weight: 15, field: 'technologies', op: 'includesAny', values: ['snowflake', 'AWS'] },
    { weight: 5, field: 'technologies', op: 'includesAll', values: ['Slack', 'Zendesk'] },
    { weight: 5, field: 'region', op: 'equals', value: 'emea' },
    { weight: 5, field: 'custom.segment', op: 'in', values: ['alpha'] },
    { weight: 5, field: 'custom.seats', op: 'between', min: 100, max: 300 },
  ],
});

test('ICP scoring in one SQL statement matches the JS reference for every account', async () => {
  const ws = await t.workspace('icp');
  const { db } = t.database;
  await insertPlantedWorld(db, ws.workspaceId, { count: 400, seed: 3 });
  const criteria = resolveCriteria(profile.criteria);
  await saveIcpProfile(db, ws.workspaceId, { criteria }, ws.userIds.admin);
  const changed = await written(ws.workspaceId);
  assert.equal(changed, 400);
  const rows = await db
    .selectFrom('accounts as a')
    .innerJoin('account_fit as f', (join) =>
      join.onRef('f.workspace_id', '=', 'a.workspace_id').onRef('f.account_id', '=', 'a.id'),
    )
    .select([
      'industry',
      'country',
      'region',
      'city',
      'lifecycle',
      'employee_count',
      'annual_revenue',
      'technologies',
      'custom',
    ])
    .select(['f.score as fit_score', 'f.grade as fit_grade', 'f.rule_score as fit_rule_score'])
    .select('f.rule_matched as fit_rule_matched')
    .where('a.workspace_id', '=', ws.workspaceId)
    .execute();
  assert.equal(rows.length, 400);
  const grades = new Set<string>();
  for (const row of rows) {
    const account: IcpAccount = row;
    const expected = scoreIcp(criteria, account);
    assert.equal(row.fit_rule_score, expected.score);
    assert.equal(row.fit_score, expected.score);
    assert.equal(row.fit_grade, expected.grade);
    assert.deepEqual(row.fit_rule_matched, expected.matched);
    if (row.fit_grade) grades.add(row.fit_grade);
  }
  assert.ok(grades.size >= 3, `grades seen: ${[...grades]}`);
  // nothing changed → nothing written; a changed account is rescored alone
  assert.equal(await written(ws.workspaceId), 0);
  const one = await db
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', ws.workspaceId)
    .limit(1)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('accounts')
    .set({
      industry: 'Software',
      employee_count: 1000,
      annual_revenue: 5e7,
      technologies: ['AWS', 'Slack', 'zendesk'],
      region: 'EMEA',
      custom: { segment: 'Alpha', seats: '150' },
    })
    .where('workspace_id', '=', ws.workspaceId)
    .where('id', '=', one.id)
    .execute();
  assert.equal(await written(ws.workspaceId, [one.id]), 1);
  const after = await db
    .selectFrom('account_fit')
    .select(['score', 'grade', 'model_version'])
    .where('workspace_id', '=', ws.workspaceId)
    .where('account_id', '=', one.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(after, { score: 100, grade: 'A', model_version: null });
});

test('ICP criteria validation names the field', () => {
  const bad = IcpProfileSchema.safeParse({
    criteria: [
      { weight: 10, field: 'employeeCount', op: 'in', values: ['1'] },
      { weight: 10, field: 'industry', op: 'in' },
      { weight: 0, field: 'country', op: 'equals', value: 'US' },
      { weight: 5, field: 'custom.x', op: 'between', min: 5, max: 1 },
      { weight: 5, field: 'colour', op: 'in', values: ['red'] },
    ],
  });
  assert.ok(!bad.success);
  const paths = bad.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  assert.ok(
    paths.some((p) => p.startsWith('criteria.0.op: employeeCount supports between')),
    paths.join('\n'),
  );
  assert.ok(paths.some((p) => p.startsWith('criteria.1.values: is required')));
  assert.ok(paths.some((p) => p.startsWith('criteria.2.weight')));
  assert.ok(paths.some((p) => p.startsWith('criteria.3.max: must be >= min')));
  assert.ok(paths.some((p) => p.startsWith('criteria.4.field')));
});
