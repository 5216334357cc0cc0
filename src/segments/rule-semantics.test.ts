import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe('segment rules: each operator, windows at their edges, NOT with missing values, nesting', () => {
  const t = useTestApp();
  const ids: Record<string, string> = {};
  let personas: { id: string; name: string }[] = [];

  /** Names of the records a rule selects now (preview over the whole workspace). */
  async function names(kind: 'account' | 'contact', rule: unknown): Promise<string[]> {
    const res = await t.call('POST', '/segments/preview', t.ws.keys.sales, { kind, rule, sample: 100 });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.count, body.sample.length);
    return body.sample.map((m: { name: string }) => m.name).sort();
  }

  before(async () => {
    const key = t.ws.keys.admin;
    const account = async (name: string, fields: Record<string, unknown>) => {
      const res = await t.call('POST', '/accounts', key, { name, ...fields });
      assert.equal(res.statusCode, 201, res.body);
      ids[name] = res.json().id;
    };
    await account('Fjord', {
      country: 'DK',
      industry: 'Software',
      employeeCount: 500,
      isTarget: true,
      tier: 1,
      technologies: ['Salesforce', 'Snowflake'],
      custom: { arr: 120000, plan: 'Gold' },
    });
    await account('Glacier', {
      country: 'SE',
      industry: 'Retail',
      employeeCount: 50,
      isTarget: true,
      tier: 2,
      custom: { arr: 'n/a' },
    });
    await account('Harbor', { country: 'US', industry: 'Software', employeeCount: 5000 });
    await account('Nowhere', {});
    await account('FjordChild', { parentId: ids.Fjord, country: 'DK' });
    await account('FjordGrandchild', { parentId: ids.FjordChild });
    const contact = async (name: string, fields: Record<string, unknown>) => {
      const res = await t.call('POST', '/contacts', key, { firstName: name, lastName: 'X', ...fields });
      assert.equal(res.statusCode, 201, res.body);
      ids[name] = res.json().id;
    };
    await contact('Cfo', {
      title: 'Chief Financial Officer',
      accountId: ids.Fjord,
      email: 'cfo@fjord.example',
    });
    await contact('User', { title: 'Accountant', accountId: ids.Fjord, email: 'user@fjord.example' });
    await contact('Cio', { title: 'CIO', accountId: ids.Glacier, email: 'cio@glacier.example' });
    await contact('Loner', { title: null, email: 'loner@example.org' });
    personas = (await t.call('GET', '/personas', key)).json().data;
    const activity = (
      type: string,
      at: string,
      who: Record<string, string | undefined>,
      properties = {},
    ) => ({
      type,
      occurredAt: at,
      ...who,
      properties,
    });
    const res = await t.call('POST', '/activities/batch', key, {
      activities: [
        activity('page_view', ago(1), { contactId: ids.User }, { url: 'https://fjord.example/pricing' }),
        activity(
          'page_view',
          ago(13.9),
          { contactId: ids.User },
          { url: 'https://fjord.example/pricing?x=1' },
        ),
        activity('page_view', ago(14.1), { contactId: ids.Cfo }, { url: 'https://fjord.example/pricing' }),
        activity('page_view', ago(2), { contactId: ids.Cio }, { url: 'https://glacier.example/pricing' }),
        activity('page_view', ago(20), { contactId: ids.Cio }, { url: 'https://glacier.example/pricing' }),
        activity('form_submit', ago(3), { accountId: ids.Harbor }, { name: 'Demo request', campaign: 'q1' }),
        activity('webinar_attended', '2026-01-15T10:00:00Z', { accountId: ids.Harbor }),
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
  });

  test('field operators: eq is case-insensitive, in, ne and notIn include missing values, ranges, text and arrays', async () => {
    const f = (field: string, op: string, value?: unknown) => ({ type: 'field', field, op, value });
    assert.deepEqual(await names('account', f('country', 'eq', 'dk')), ['Fjord', 'FjordChild']);
    assert.deepEqual(await names('account', f('country', 'in', ['DK', 'SE'])), [
      'Fjord',
      'FjordChild',
      'Glacier',
    ]);
    assert.deepEqual(await names('account', f('country', 'ne', 'DK')), [
      'FjordGrandchild',
      'Glacier',
      'Harbor',
      'Nowhere',
    ]);
    assert.deepEqual(await names('account', f('country', 'notIn', ['DK', 'US'])), [
      'FjordGrandchild',
      'Glacier',
      'Nowhere',
    ]);
    assert.deepEqual(await names('account', f('employeeCount', 'gte', 500)), ['Fjord', 'Harbor']);
    assert.deepEqual(await names('account', f('employeeCount', 'gt', 500)), ['Harbor']);
    assert.deepEqual(await names('account', f('employeeCount', 'lt', 500)), ['Glacier']);
    assert.deepEqual(await names('account', f('employeeCount', 'lte', 500)), ['Fjord', 'Glacier']);
    assert.deepEqual(await names('account', f('employeeCount', 'between', [50, 500])), ['Fjord', 'Glacier']);
    assert.deepEqual(await names('account', f('name', 'contains', 'child')), [
      'FjordChild',
      'FjordGrandchild',
    ]);
    assert.deepEqual(await names('account', f('name', 'startsWith', 'fjord')), [
      'Fjord',
      'FjordChild',
      'FjordGrandchild',
    ]);
    assert.deepEqual(await names('account', f('industry', 'exists')), ['Fjord', 'Glacier', 'Harbor']);
    assert.deepEqual(await names('account', f('industry', 'notExists')), [
      'FjordChild',
      'FjordGrandchild',
      'Nowhere',
    ]);
    assert.deepEqual(await names('account', f('technologies', 'eq', 'snowflake')), ['Fjord']);
    assert.deepEqual(await names('account', f('technologies', 'exists')), ['Fjord']);
    assert.deepEqual(await names('account', f('isTarget', 'eq', true)), ['Fjord', 'Glacier']);
    assert.deepEqual(await names('account', f('tier', 'in', [1])), ['Fjord']);
    assert.deepEqual(await names('account', { type: 'custom', key: 'arr', op: 'gte', value: 100000 }), [
      'Fjord',
    ]);
    // A custom value of the wrong type is missing, not an error.
    assert.deepEqual(await names('account', { type: 'custom', key: 'arr', op: 'lt', value: 100000 }), []);
    assert.deepEqual(await names('account', { type: 'custom', key: 'plan', op: 'eq', value: 'gold' }), [
      'Fjord',
    ]);
  });

  test('NOT of a condition on a missing value holds; NOT of NOT is the condition; nesting', async () => {
    const dk = { type: 'field', field: 'country', op: 'eq', value: 'DK' };
    assert.deepEqual(await names('account', { type: 'not', rule: dk }), [
      'FjordGrandchild',
      'Glacier',
      'Harbor',
      'Nowhere',
    ]);
    assert.deepEqual(await names('account', { type: 'not', rule: { type: 'not', rule: dk } }), [
      'Fjord',
      'FjordChild',
    ]);
    const nested = {
      type: 'or',
      rules: [
        { type: 'and', rules: [dk, { type: 'field', field: 'isTarget', op: 'eq', value: true }] },
        {
          type: 'and',
          rules: [
            { type: 'field', field: 'industry', op: 'eq', value: 'Software' },
            { type: 'not', rule: dk },
          ],
        },
      ],
    };
    assert.deepEqual(await names('account', nested), ['Fjord', 'Harbor']);
    // NOT of a set condition (fit score) holds for accounts without a score.
    assert.deepEqual(
      (
        await names('account', {
          type: 'not',
          rule: { type: 'field', field: 'fitScore', op: 'gte', value: 0 },
        })
      ).length,
      6 - (await names('account', { type: 'field', field: 'fitScore', op: 'gte', value: 0 })).length,
    );
  });

  test('hierarchy: child of, parent of, descendant of', async () => {
    const h = (relation: string, accountId: string | undefined) => ({
      type: 'hierarchy',
      relation,
      accountId,
    });
    assert.deepEqual(await names('account', h('childOf', ids.Fjord)), ['FjordChild']);
    assert.deepEqual(await names('account', h('descendantOf', ids.Fjord)), ['FjordChild', 'FjordGrandchild']);
    assert.deepEqual(await names('account', h('parentOf', ids.FjordGrandchild)), ['FjordChild']);
  });

  test('behaviour: at least N in the last D days at the window edge, URL and name globs, properties, between dates', async () => {
    const pricing = (atLeast: number, lastDays: number) => ({
      type: 'activity',
      activityTypes: ['page_view'],
      urlPattern: '/pricing',
      atLeast,
      window: { lastDays },
    });
    // Fjord: visits 1 and 13.9 days ago (and 14.1 days ago, just outside 14 days).
    assert.deepEqual(await names('account', pricing(2, 14)), ['Fjord']);
    assert.deepEqual(await names('account', pricing(3, 14)), []);
    assert.deepEqual(await names('account', pricing(3, 15)), ['Fjord']);
    assert.deepEqual(await names('account', pricing(2, 30)), ['Fjord', 'Glacier']);
    assert.deepEqual(await names('account', { type: 'not', rule: pricing(1, 30) }), [
      'FjordChild',
      'FjordGrandchild',
      'Harbor',
      'Nowhere',
    ]);
    assert.deepEqual(
      await names('account', {
        type: 'activity',
        namePattern: 'demo*',
        property: { key: 'campaign', value: 'q1' },
        window: { lastDays: 7 },
      }),
      ['Harbor'],
    );
    assert.deepEqual(
      await names('account', {
        type: 'activity',
        activityTypes: ['webinar_attended'],
        window: { from: '2026-01-15', to: '2026-01-15' },
      }),
      ['Harbor'],
    );
    assert.deepEqual(
      await names('account', {
        type: 'activity',
        activityTypes: ['webinar_attended'],
        window: { from: '2026-01-16' },
      }),
      [],
    );
    // People level: the person's own activities.
    assert.deepEqual(await names('contact', pricing(2, 14)), ['User X']);
  });

  test('behaviour by persona, function or seniority; relations between people and accounts', async () => {
    const finance = personas.find((p) => /financ|cfo/i.test(p.name));
    assert.ok(finance, 'a default finance persona');
    const byCfo = {
      type: 'activity',
      urlPattern: '/pricing',
      window: { lastDays: 30 },
      by: { personaIds: [finance.id] },
    };
    assert.deepEqual(await names('account', byCfo), ['Fjord']);
    const bySeniority = { type: 'activity', window: { lastDays: 30 }, by: { seniorities: ['c_level'] } };
    assert.deepEqual(await names('account', bySeniority), ['Fjord', 'Glacier']);
    // People at accounts where someone visited pricing twice in 14 days, who are C-level.
    const rule = {
      type: 'and',
      rules: [
        { type: 'contactField', field: 'seniority', op: 'eq', value: 'c_level' },
        {
          type: 'account',
          rule: { type: 'activity', urlPattern: '/pricing', atLeast: 2, window: { lastDays: 14 } },
        },
      ],
    };
    assert.deepEqual(await names('contact', rule), ['Cfo X']);
    // Accounts with at least 2 people with a title.
    assert.deepEqual(
      await names('account', {
        type: 'people',
        atLeast: 2,
        rule: { type: 'contactField', field: 'title', op: 'exists' },
      }),
      ['Fjord'],
    );
    assert.deepEqual(await names('account', { type: 'opportunity', state: 'open' }), []);
    assert.deepEqual(
      (await names('account', { type: 'not', rule: { type: 'opportunity', state: 'any' } })).length,
      6,
    );
  });

  test('a rule that does not fit is a 400 naming its path', async () => {
    const bad = async (kind: string, rule: unknown, path: string) => {
      const res = await t.call('POST', '/segments/preview', t.ws.keys.marketer, { kind, rule });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().errors[0].path, path, res.body);
    };
    await bad(
      'account',
      { type: 'and', rules: [{ type: 'field', field: 'country', op: 'zz' }] },
      'body.rule.rules.0.op',
    );
    await bad(
      'account',
      { type: 'field', field: 'employeeCount', op: 'gt', value: 'many' },
      'body.rule.value',
    );
    await bad(
      'account',
      { type: 'and', rules: [{ type: 'contactField', field: 'title', op: 'exists' }] },
      'body.rule.rules.0.type',
    );
    await bad(
      'contact',
      { type: 'not', rule: { type: 'inSegment', segmentId: ids.Fjord } },
      'body.rule.rule.segmentId',
    );
    await bad('account', { type: 'activity', window: { lastDays: 0 } }, 'body.rule.window.lastDays');
    await bad(
      'account',
      { type: 'field', field: 'country', op: 'between', value: ['a', 'b'] },
      'body.rule.op',
    );
    let deep: unknown = { type: 'field', field: 'country', op: 'exists' };
    for (let i = 0; i < 14; i++) deep = { type: 'not', rule: deep };
    const res = await t.call('POST', '/segments/preview', t.ws.keys.marketer, {
      kind: 'account',
      rule: deep,
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().errors[0].path, /^body\.rule(\.rule)+$/);
  });
});
