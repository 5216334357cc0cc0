import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../db/database.ts';
import type { Account } from '../db/schema.ts';
import { type App, buildApp } from '../http/app.ts';
import { bearer, createTestWorkspace, openTestDatabase, type TestWorkspace } from '../test/test-database.ts';

type Row = Account;
type Value = string | number | boolean | null;

/** Order like the API: value (nulls last in both directions), then id, in the requested direction. */
function compare(a: Row, b: Row, key: (r: Row) => Value, desc: boolean): number {
  const va = key(a);
  const vb = key(b);
  if (va === null && vb !== null) return 1;
  if (vb === null && va !== null) return -1;
  let c = 0;
  if (va !== null && vb !== null) c = va < vb ? -1 : va > vb ? 1 : 0;
  if (c === 0) c = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return desc ? -c : c;
}

describe('account list: filters, sorting and cursor pagination', () => {
  let database: Database;
  let app: App;
  let ws: TestWorkspace;
  let rows: Row[] = [];

  before(async () => {
    database = await openTestDatabase();
    app = await buildApp({ database });
    ws = await createTestWorkspace(database);
    const other = await createTestWorkspace(database, 'Other');
    const industries = ['Software', 'Retail', null];
    const employees = [10, 50, 50, null, 200];
    const revenue = [1_000_000, 5_000_000, null, 2_500_000];
    const countries = ['DK', 'IS', 'EE', null];
    const tiers = [1, 2, 3, null];
    const values = Array.from({ length: 75 }, (_, i) => ({
      workspace_id: ws.workspaceId,
      // Two names differ only by case, so they tie on lower(name).
      name: i === 7 ? 'ACC006' : `acc${String(i).padStart(3, '0')}`,
      industry: industries[i % 3] ?? null,
      employee_count: employees[i % 5] ?? null,
      annual_revenue: revenue[i % 4] ?? null,
      country: countries[i % 4] ?? null,
      tier: tiers[(i >> 1) % 4] ?? null,
      is_target: i % 2 === 0,
      owner_id: i % 3 === 0 ? ws.userIds.sales : null,
      technologies: i % 4 === 0 ? ['Salesforce'] : i % 4 === 1 ? ['HubSpot', 'Segment'] : [],
    }));
    await database.db.insertInto('accounts').values(values).execute();
    await database.db
      .insertInto('accounts')
      .values({ workspace_id: other.workspaceId, name: 'acc001' })
      .execute();
    rows = await database.db
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', ws.workspaceId)
      .execute();
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  async function fetchAll(params: string, limit = 7): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const url: string = `/api/v1/accounts?${params}${params ? '&' : ''}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await app.inject({ method: 'GET', url, headers: bearer(ws.keys.sales) });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      const body: { data: { id: string }[]; nextCursor: string | null } = res.json();
      assert.ok(body.data.length <= limit);
      ids.push(...body.data.map((a) => a.id));
      cursor = body.nextCursor;
      if (!cursor) return ids;
    }
    throw new Error('pagination did not end');
  }

  const cases: { params: string; filter: (r: Row) => boolean; key: (r: Row) => Value; desc: boolean }[] = [
    { params: '', filter: () => true, key: (r) => r.name.toLowerCase(), desc: false },
    { params: 'sort=-name', filter: () => true, key: (r) => r.name.toLowerCase(), desc: true },
    { params: 'sort=employeeCount', filter: () => true, key: (r) => r.employee_count, desc: false },
    { params: 'sort=-employeeCount', filter: () => true, key: (r) => r.employee_count, desc: true },
    { params: 'sort=-annualRevenue', filter: () => true, key: (r) => r.annual_revenue, desc: true },
    { params: 'sort=industry', filter: () => true, key: (r) => r.industry, desc: false },
    { params: 'sort=-country', filter: () => true, key: (r) => r.country, desc: true },
    { params: 'sort=-updatedAt', filter: () => true, key: (r) => r.updated_at.getTime(), desc: true },
    {
      params: 'industry=Software&sort=-annualRevenue',
      filter: (r) => r.industry === 'Software',
      key: (r) => r.annual_revenue,
      desc: true,
    },
    {
      params: 'country.in=DK,IS&employeeCount.gte=50&sort=employeeCount',
      filter: (r) => (r.country === 'DK' || r.country === 'IS') && (r.employee_count ?? -1) >= 50,
      key: (r) => r.employee_count,
      desc: false,
    },
    {
      params: 'annualRevenue.lt=5e6&isTarget=true&tier.in=1,2',
      filter: (r) => (r.annual_revenue ?? Infinity) < 5e6 && r.is_target && (r.tier === 1 || r.tier === 2),
      key: (r) => r.name.toLowerCase(),
      desc: false,
    },
    {
      params: 'name.contains=CC00&sort=-employeeCount',
      filter: (r) => r.name.toLowerCase().includes('cc00'),
      key: (r) => r.employee_count,
      desc: true,
    },
    {
      params: 'industry.exists=false&country.ne=DK',
      filter: (r) => r.industry === null && r.country !== 'DK',
      key: (r) => r.name.toLowerCase(),
      desc: false,
    },
    {
      params: `ownerId=${'OWNER'}&technologies=Salesforce`,
      filter: (r) => r.owner_id !== null && r.technologies.includes('Salesforce'),
      key: (r) => r.name.toLowerCase(),
      desc: false,
    },
    {
      params: 'technologies.in=Segment,Nope&employeeCount.lte=50&employeeCount.gt=10',
      filter: (r) => r.technologies.includes('Segment') && r.employee_count === 50,
      key: (r) => r.name.toLowerCase(),
      desc: false,
    },
    {
      params: 'q=ACC06&sort=-annualRevenue',
      filter: (r) => r.name.toLowerCase().includes('acc06'),
      key: (r) => r.annual_revenue,
      desc: true,
    },
    {
      params: 'updatedAt.gte=2020-01-01&annualRevenue.exists=true&sort=annualRevenue',
      filter: (r) => r.annual_revenue !== null,
      key: (r) => r.annual_revenue,
      desc: false,
    },
  ];

  for (const c of cases) {
    test(`pages of ${c.params || '(defaults)'} match the reference order`, async () => {
      const params = c.params.replace('OWNER', ws.userIds.sales);
      const expected = rows
        .filter(c.filter)
        .sort((a, b) => compare(a, b, c.key, c.desc))
        .map((r) => r.id);
      assert.ok(expected.length > 0, 'the case selects something');
      const got = await fetchAll(params);
      assert.deepEqual(got, expected);
      assert.equal(new Set(got).size, got.length, 'no row twice');
    });
  }

  test('limit 1 walks every row exactly once', async () => {
    const got = await fetchAll('sort=-annualRevenue', 1);
    assert.equal(got.length, rows.length);
    assert.equal(new Set(got).size, rows.length);
  });

  test('list rows carry the API fields', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/accounts?limit=1',
      headers: bearer(ws.keys.sales),
    });
    const [first] = res.json().data;
    assert.equal(typeof first.employeeCount === 'number' || first.employeeCount === null, true);
    assert.ok(Array.isArray(first.domains));
    assert.equal(first._cursor_value, undefined);
  });

  test('bad list parameters are 400s naming the parameter', async () => {
    const bad: [string, string][] = [
      ['color=red', 'query.color'],
      ['name.like=x', 'query.name.like'],
      ['employeeCount.gte=many', 'query.employeeCount.gte'],
      ['tier=1.5', 'query.tier'],
      ['isTarget=yes', 'query.isTarget'],
      ['updatedAt.gte=yesterday', 'query.updatedAt.gte'],
      ['updatedAt.lt=2026-02-30', 'query.updatedAt.lt'],
      ['employeeCount.lt=1e12', 'query.employeeCount.lt'],
      ['ownerId=nope', 'query.ownerId'],
      ['lifecycle=lead', 'query.lifecycle'],
      ['employeeCount.contains=1', 'query.employeeCount.contains'],
      ['name.exists=false', 'query.name.exists'],
      ['limit=1000', 'query.limit'],
      ['limit=0', 'query.limit'],
      ['sort=website', 'query.sort'],
      ['sort=-nope', 'query.sort'],
      ['cursor=%%%', 'query.cursor'],
      ['cursor=eyJ4IjoxfQ', 'query.cursor'],
      ['country=DK&country=IS', 'query.country'],
      [`name.contains=${'x'.repeat(600)}`, 'query.name.contains'],
    ];
    for (const [params, path] of bad) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/accounts?${params}`,
        headers: bearer(ws.keys.sales),
      });
      assert.equal(res.statusCode, 400, `${params}: ${res.body}`);
      const paths = res.json().errors.map((e: { path: string }) => e.path);
      assert.ok(paths.includes(path), `${params}: ${JSON.stringify(paths)}`);
    }
  });

  test('a cursor made for another sort is refused', async () => {
    const first = await app.inject({
      method: 'GET',
      url: '/api/v1/accounts?limit=2',
      headers: bearer(ws.keys.sales),
    });
    const cursor = first.json().nextCursor;
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/accounts?sort=-annualRevenue&cursor=${cursor}`,
      headers: bearer(ws.keys.sales),
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().errors[0].path, 'query.cursor');
    const forged = Buffer.from(JSON.stringify({ s: '-annualRevenue', v: 'lots', i: rows[0]?.id })).toString(
      'base64url',
    );
    const tampered = await app.inject({
      method: 'GET',
      url: `/api/v1/accounts?sort=-annualRevenue&cursor=${forged}`,
      headers: bearer(ws.keys.sales),
    });
    assert.equal(tampered.statusCode, 400);
    assert.equal(tampered.json().errors[0].path, 'query.cursor');
  });

  test('the OpenAPI document describes the list syntax', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const op = res.json().paths['/api/v1/accounts'].get;
    assert.match(op.description, /country\.in=DK,IS/);
    assert.match(op.description, /annualRevenue/);
  });
});
