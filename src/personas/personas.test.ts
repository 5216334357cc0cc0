import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { useTestApp } from '../test/test-app.ts';
import type { TestWorkspace } from '../test/test-database.ts';
import { assignPersonas, reassignAllPersonas } from './assign-personas.ts';

describe('personas and buying committee', () => {
  const t = useTestApp();

  async function account(ws: TestWorkspace, name: string, isTarget = true): Promise<string> {
    const row = await t.database.db
      .insertInto('accounts')
      .values({ workspace_id: ws.workspaceId, name, is_target: isTarget })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  async function contacts(
    ws: TestWorkspace,
    accountId: string | null,
    titles: (string | null)[],
  ): Promise<string[]> {
    const rows = await t.database.db
      .insertInto('contacts')
      .values(
        titles.map((title, i) => ({
          workspace_id: ws.workspaceId,
          account_id: accountId,
          title,
          first_name: `P${i}`,
          last_name: title ?? 'none',
        })),
      )
      .returning('id')
      .execute();
    const ids = rows.map((r) => r.id);
    await assignPersonas(t.database.db, ws.workspaceId, ids);
    return ids;
  }
  async function personaNames(ws: TestWorkspace, contactId: string): Promise<string[]> {
    const rows = await t.database.db
      .selectFrom('contact_personas as cp')
      .innerJoin('personas as p', (j) =>
        j.onRef('p.workspace_id', '=', 'cp.workspace_id').onRef('p.id', '=', 'cp.persona_id'),
      )
      .select('p.name')
      .where('cp.workspace_id', '=', ws.workspaceId)
      .where('cp.contact_id', '=', contactId)
      .orderBy('p.name')
      .execute();
    return rows.map((r) => r.name);
  }

  test('default personas are seeded on first use and contacts get function, seniority and personas', async () => {
    const ws = await t.workspace();
    const acc = await account(ws, 'Nordisk');
    const [cfo, ceo, sales, dev, none] = await contacts(ws, acc, [
      'CFO & EVP',
      'Administrerende direktør',
      'Vertriebsleiter',
      'Softwareudvikler',
      null,
    ]);
    assert.ok(cfo && ceo && sales && dev && none);
    const derived = await sql<{ id: string; job_function: string | null; seniority: string | null }>`
      SELECT id, job_function, seniority FROM contacts WHERE workspace_id = ${ws.workspaceId}`.execute(
      t.database.db,
    );
    const byId = new Map(derived.rows.map((r) => [r.id, [r.job_function, r.seniority]]));
    assert.deepEqual(byId.get(cfo), ['finance', 'c_level']);
    assert.deepEqual(byId.get(ceo), ['executive', 'c_level']);
    assert.deepEqual(byId.get(none), [null, null]);
    assert.deepEqual(await personaNames(ws, cfo), ['Finance Leader']);
    assert.deepEqual(await personaNames(ws, ceo), ['Executive Sponsor']);
    assert.deepEqual(await personaNames(ws, sales), ['Sales Leader']);
    assert.deepEqual(await personaNames(ws, dev), []);
    assert.deepEqual(await personaNames(ws, none), []);

    const list = await t.call('GET', '/personas', ws.keys.sales);
    assert.equal(list.statusCode, 200);
    const names = list.json().data.map((p: { name: string }) => p.name);
    assert.ok(names.includes('Executive Sponsor') && names.includes('End Users'));
  });

  test('a contact may be in several personas; a title change re-evaluates them', async () => {
    const ws = await t.workspace();
    const acc = await account(ws, 'Multi');
    const [id] = await contacts(ws, acc, ['Marketing Manager']);
    assert.ok(id);
    assert.deepEqual(await personaNames(ws, id), ['End Users', 'Marketing Leader']);
    await t.database.db
      .updateTable('contacts')
      .set({ title: 'Chief Financial Officer' })
      .where('id', '=', id)
      .execute();
    await assignPersonas(t.database.db, ws.workspaceId, [id]);
    assert.deepEqual(await personaNames(ws, id), ['Finance Leader']);
  });

  test('persona CRUD: marketer+ writes, keywords include and exclude, re-evaluation on change', async () => {
    const ws = await t.workspace();
    const acc = await account(ws, 'Keywords');
    const [sec, secIntern] = await contacts(ws, acc, ['Security Engineer', 'Security Analyst Intern']);
    assert.ok(sec && secIntern);
    const body = {
      name: 'Security champions',
      includeKeywords: ['security'],
      excludeKeywords: ['intern'],
      committeeRole: 'champion',
    };
    assert.equal((await t.call('POST', '/personas', ws.keys.sales, body)).statusCode, 403);
    const created = await t.call('POST', '/personas', ws.keys.marketer, body);
    assert.equal(created.statusCode, 201, created.body);
    const persona = created.json();
    assert.equal(persona.contactCount, 1);
    assert.ok((await personaNames(ws, sec)).includes('Security champions'));
    assert.ok(!(await personaNames(ws, secIntern)).includes('Security champions'));

    const patched = await t.call('PATCH', `/personas/${persona.id}`, ws.keys.marketer, {
      excludeKeywords: [],
    });
    assert.equal(patched.statusCode, 200);
    assert.equal(patched.json().contactCount, 2);

    const bad = await t.call('POST', '/personas', ws.keys.marketer, {
      name: 'Nobody',
      committeeRole: 'user',
    });
    assert.equal(bad.statusCode, 400);
    const badRole = await t.call('POST', '/personas', ws.keys.marketer, {
      name: 'X',
      functions: ['it'],
      committeeRole: 'boss',
    });
    assert.equal(badRole.statusCode, 400);
    assert.match(JSON.stringify(badRole.json().errors), /committeeRole/);
    const dupName = await t.call('POST', '/personas', ws.keys.marketer, {
      ...body,
      name: 'SECURITY champions',
    });
    assert.equal(dupName.statusCode, 409);

    assert.equal((await t.call('DELETE', `/personas/${persona.id}`, ws.keys.marketer)).statusCode, 204);
    assert.equal((await t.call('GET', `/personas/${persona.id}`, ws.keys.sales)).statusCode, 404);
    assert.ok(!(await personaNames(ws, sec)).includes('Security champions'));
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('workspace_id', '=', ws.workspaceId)
      .where('object_type', '=', 'persona')
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), [
      'persona.create',
      'persona.delete',
      'persona.update',
    ]);
  });

  test('at most 10 active personas: the 11th is a 409, inactive ones are fine', async () => {
    const ws = await t.workspace();
    const list = (await t.call('GET', '/personas', ws.keys.sales)).json().data;
    const active = list.filter((p: { active: boolean }) => p.active).length;
    for (let i = active; i < 10; i++) {
      const r = await t.call('POST', '/personas', ws.keys.marketer, {
        name: `P${i}`,
        functions: ['hr'],
        committeeRole: 'influencer',
      });
      assert.equal(r.statusCode, 201, r.body);
    }
    const over = await t.call('POST', '/personas', ws.keys.marketer, {
      name: 'Eleven',
      functions: ['hr'],
      committeeRole: 'user',
    });
    assert.equal(over.statusCode, 409);
    const inactive = await t.call('POST', '/personas', ws.keys.marketer, {
      name: 'Eleven',
      functions: ['hr'],
      committeeRole: 'user',
      active: false,
    });
    assert.equal(inactive.statusCode, 201);
    const activate = await t.call('PATCH', `/personas/${inactive.json().id}`, ws.keys.marketer, {
      active: true,
    });
    assert.equal(activate.statusCode, 409);
  });

  test('committee per account: roles, personas, contacts and missing roles', async () => {
    const ws = await t.workspace();
    const acc = await account(ws, 'Committee');
    const other = await account(ws, 'Elsewhere');
    const [ceo, cfo, user] = await contacts(ws, acc, ['CEO', 'Finance Director', 'Sales Representative']);
    await contacts(ws, other, ['CISO']);
    const res = await t.call('GET', `/accounts/${acc}/committee`, ws.keys.sales);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.contactCount, 3);
    const role = (r: string) => body.roles.find((x: { role: string }) => x.role === r);
    assert.deepEqual(
      role('decision_maker').personas[0].contacts.map((c: { id: string }) => c.id),
      [ceo],
    );
    assert.equal(role('decision_maker').personas[0].contacts[0].function, 'executive');
    assert.equal(role('budget_holder').contactCount, 1);
    assert.equal(role('budget_holder').personas[0].contacts[0].id, cfo);
    assert.equal(role('user').personas[0].contacts[0].id, user);
    assert.equal(role('technical_evaluator').covered, false);
    assert.deepEqual(body.missingRoles.sort(), [
      'champion',
      'influencer',
      'legal_procurement',
      'technical_evaluator',
    ]);
    assert.equal(
      (await t.call('GET', `/accounts/${crypto.randomUUID()}/committee`, ws.keys.sales)).statusCode,
      404,
    );
    assert.equal((await t.call('GET', '/accounts/not-a-uuid/committee', ws.keys.sales)).statusCode, 400);
  });

  test('summary: share of target accounts with N contacts and with each key role', async () => {
    const ws = await t.workspace();
    const a = await account(ws, 'A');
    const b = await account(ws, 'B');
    await account(ws, 'C');
    const notTarget = await account(ws, 'D', false);
    await contacts(ws, a, ['CEO', 'CFO', 'CTO']);
    await contacts(ws, b, ['CFO']);
    await contacts(ws, notTarget, ['CEO', 'CEO', 'CEO']);
    const res = await t.call('GET', '/committee/summary?minContacts=2', ws.keys.sales);
    assert.equal(res.statusCode, 200, res.body);
    const s = res.json();
    assert.equal(s.targetAccounts, 3);
    assert.deepEqual(s.withMinContacts, { accounts: 1, share: 0.3333 });
    const role = (r: string) => s.roles.find((x: { role: string }) => x.role === r);
    assert.deepEqual(role('budget_holder'), { role: 'budget_holder', accounts: 2, share: 0.6667 });
    assert.deepEqual(role('decision_maker'), { role: 'decision_maker', accounts: 1, share: 0.3333 });
    assert.equal(role('legal_procurement').accounts, 0);
    assert.equal(s.fullyCovered.accounts, 0);
    assert.equal((await t.call('GET', '/committee/summary?minContacts=0', ws.keys.sales)).statusCode, 400);
  });

  test('reassignAllPersonas re-evaluates a whole workspace', async () => {
    const ws = await t.workspace();
    const acc = await account(ws, 'Bulk');
    const rows = await t.database.db
      .insertInto('contacts')
      .values(
        Array.from({ length: 50 }, (_, i) => ({
          workspace_id: ws.workspaceId,
          account_id: acc,
          title: i % 2 ? 'CFO' : 'CMO',
        })),
      )
      .returning('id')
      .execute();
    assert.equal(await reassignAllPersonas(t.database.db, ws.workspaceId), rows.length);
    const n = await t.database.db
      .selectFrom('contact_personas')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ws.workspaceId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 50);
  });

  test('POST /titles/classify explains each title', async () => {
    const ws = await t.workspace();
    const res = await t.call('POST', '/titles/classify', ws.keys.sales, {
      titles: ['CFO & EVP', 'Müügijuht', '🚀'],
    });
    assert.equal(res.statusCode, 200);
    const [a, b, c] = res.json().data;
    assert.deepEqual(
      [a.function, a.seniority, a.explain.seniorityRule.keyword],
      ['finance', 'c_level', 'cfo'],
    );
    assert.deepEqual([b.function, b.seniority], ['sales', 'manager']);
    assert.deepEqual([c.function, c.seniority, c.explain.seniorityRule], ['other', 'individual', null]);
    assert.equal((await t.call('POST', '/titles/classify', ws.keys.sales, { titles: [] })).statusCode, 400);
    assert.equal((await t.call('POST', '/titles/classify', ws.keys.sales, { titles: [42] })).statusCode, 400);
  });
});
