import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';
import { deleteWorkspace } from './delete-workspace.ts';
import { countWorkspaceRows, fillEveryWorkspaceTable } from './workspace-rows-fixture.ts';
import { workspaceTables } from './workspace-tables.ts';

describe('deleteWorkspace', () => {
  let tables: string[];
  const t = useTestApp();
  before(async () => {
    tables = (await workspaceTables(t.database.db)).map((t) => t.name);
  });

  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

  for (const skipEmptyCascades of [true, false]) {
    test(`empties every table of the workspace and no other (${skipEmptyCascades ? 'cascade triggers skipped' : 'cascade triggers firing'})`, async () => {
      const gone = await t.workspace('Gone');
      const kept = await t.workspace('Kept');
      await fillEveryWorkspaceTable(t.database.db, gone.workspaceId, gone.userIds.admin);
      await fillEveryWorkspaceTable(t.database.db, kept.workspaceId, kept.userIds.admin);
      const before = await countWorkspaceRows(t.database.db, tables, gone.workspaceId);
      const empty = tables.filter((t) => !before[t]);
      assert.deepEqual(
        empty,
        [],
        `add rows for these tables to fillEveryWorkspaceTable: ${empty.join(', ')}`,
      );
      const keptBefore = await countWorkspaceRows(t.database.db, tables, kept.workspaceId);

      const progress: string[] = [];
      const result = await deleteWorkspace(t.database.db, gone.workspaceId, {
        skipEmptyCascades,
        onProgress: (table) => progress.push(table),
      });
      assert.ok(result);
      assert.deepEqual([...progress].sort(), [...tables].sort());
      // With the triggers firing, deleting accounts bumps the matching version again: one more row.
      assert.ok(result.rows - sum(before) <= (skipEmptyCascades ? 0 : 1), `${result.rows} rows`);
      assert.ok(result.rows >= sum(before));
      for (const t of result.tables)
        if (t.table !== 'matching_versions') assert.equal(t.rows, before[t.table], t.table);

      const after = await countWorkspaceRows(t.database.db, tables, gone.workspaceId);
      assert.deepEqual(
        Object.entries(after).filter(([, n]) => n > 0),
        [],
      );
      const ws = await t.database.db
        .selectFrom('workspaces')
        .select('id')
        .where('id', '=', gone.workspaceId)
        .executeTakeFirst();
      assert.equal(ws, undefined);
      assert.deepEqual(await countWorkspaceRows(t.database.db, tables, kept.workspaceId), keptBefore);
      // Users stay; only their membership of the deleted workspace goes.
      const user = await t.database.db
        .selectFrom('users')
        .select('id')
        .where('id', '=', gone.userIds.admin)
        .executeTakeFirst();
      assert.equal(user?.id, gone.userIds.admin);
    });
  }

  test('a workspace that does not exist gives null', async () => {
    assert.equal(await deleteWorkspace(t.database.db, '00000000-0000-4000-8000-000000000000'), null);
  });

  test('the table order puts every referencing table before the table it references', async () => {
    const plan = await workspaceTables(t.database.db);
    const position = new Map(plan.map((t, i) => [t.name, i]));
    const edges = await sql<{ child: string; parent: string }>`
      SELECT child.relname AS child, parent.relname AS parent
      FROM pg_constraint f
      JOIN pg_class child ON child.oid = f.conrelid
      JOIN pg_class parent ON parent.oid = f.confrelid
      JOIN pg_namespace n ON n.oid = child.relnamespace AND n.nspname = current_schema()
      WHERE f.contype = 'f' AND f.conrelid <> f.confrelid`.execute(t.database.db);
    let checked = 0;
    for (const { child, parent } of edges.rows) {
      const c = position.get(child);
      const p = position.get(parent);
      if (c === undefined || p === undefined) continue;
      assert.ok(c < p, `${child} must be emptied before ${parent}`);
      checked++;
    }
    assert.ok(checked >= 15, `only ${checked} foreign keys between workspace tables`);
    // Every table with a workspace_id column is in the plan.
    const columns = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name = 'workspace_id'`.execute(t.database.db);
    assert.deepEqual(plan.map((t) => t.name).sort(), columns.rows.map((r) => r.table_name).sort());
  });

  test('every foreign key into a deleted table has an index leading with its columns', async () => {
    // Without one, each parent row deleted (or each cascade from the workspace) scans the child.
    const missing = await sql<{ child: string; columns: string }>`
      SELECT f.conrelid::regclass::text AS child,
             (SELECT string_agg(a.attname, ', ') FROM pg_attribute a
              WHERE a.attrelid = f.conrelid AND a.attnum = ANY (f.conkey)) AS columns
      FROM pg_constraint f
      JOIN pg_class parent ON parent.oid = f.confrelid
      JOIN pg_namespace n ON n.oid = parent.relnamespace AND n.nspname = current_schema()
      WHERE f.contype = 'f'
        AND (parent.relname = 'workspaces' OR EXISTS (
          SELECT 1 FROM pg_attribute w WHERE w.attrelid = parent.oid AND w.attname = 'workspace_id'))
        AND NOT EXISTS (
          SELECT 1 FROM pg_index i
          WHERE i.indrelid = f.conrelid
            AND (i.indkey::int2[])[0:cardinality(f.conkey) - 1] @> f.conkey
            AND (i.indkey::int2[])[0:cardinality(f.conkey) - 1] <@ f.conkey)`.execute(t.database.db);
    assert.deepEqual(missing.rows, []);
  });

  test('DELETE /workspace: admin only, confirmed by the slug; the keys stop working', async () => {
    const ws = await t.workspace('Api gone');
    const kept = await t.workspace('Api kept');
    await fillEveryWorkspaceTable(t.database.db, ws.workspaceId, ws.userIds.admin);
    const slug = (
      await t.database.db
        .selectFrom('workspaces')
        .select('slug')
        .where('id', '=', ws.workspaceId)
        .executeTakeFirstOrThrow()
    ).slug;
    const call = (key: string, query: string) =>
      t.inject({ method: 'DELETE', url: `/api/v1/workspace${query}`, headers: bearer(key) });

    const forbidden = await call(ws.keys.marketer, `?confirm=${slug}`);
    assert.equal(forbidden.statusCode, 403);
    const unconfirmed = await call(ws.keys.admin, '');
    assert.equal(unconfirmed.statusCode, 400);
    assert.match(unconfirmed.body, /confirm/);
    const wrong = await call(ws.keys.admin, '?confirm=not-the-slug');
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(
      wrong.json().errors.map((e: { path: string }) => e.path),
      ['querystring.confirm'],
    );

    const deleted = await call(ws.keys.admin, `?confirm=${encodeURIComponent(slug)}`);
    assert.equal(deleted.statusCode, 200, deleted.body);
    assert.equal(deleted.json().slug, slug);
    assert.ok(deleted.json().rows > tables.length);
    const after = await countWorkspaceRows(t.database.db, tables, ws.workspaceId);
    assert.equal(sum(after), 0);
    const again = await t.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(ws.keys.admin) });
    assert.equal(again.statusCode, 401);
    const other = await t.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(kept.keys.sales) });
    assert.equal(other.statusCode, 200);
  });
});
