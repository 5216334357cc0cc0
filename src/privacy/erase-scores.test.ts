import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { recomputeWorkspace } from '../signals/recompute-workspace.ts';
import { DEFAULT_SENIORITY_MULTIPLIERS } from '../signals/signal-config.ts';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';

const t = useTestApp();

/** A score row decayed to one instant, so reads made at different times compare exactly. */
async function decayed(
  table: 'account_engagement' | 'contact_engagement',
  key: string,
  id: string,
  at: Date,
) {
  const row = await sql<{ s: number }>`
    SELECT coalesce(sum(e.score * power(2::float8, -(date_part('epoch', ${at}::timestamptz)
      - date_part('epoch', e.as_of)) / 86400.0 / s.half_life_days)), 0) AS s
    FROM ${sql.table(table)} e JOIN signal_settings s ON s.workspace_id = e.workspace_id
    WHERE ${sql.ref(`e.${key}`)} = ${id}`.execute(t.database.db);
  return row.rows[0]?.s ?? 0;
}

test("a senior person's erasure: their activities stay on the account, weighted as an unknown visitor's", async () => {
  const ws = await t.workspace('Scores');
  const call = (url: string, payload: object) =>
    t.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(ws.keys.admin), payload });
  const account = (await call('/accounts', { name: 'Senior Corp' })).json();
  const vp = (
    await call('/contacts', {
      email: 'victoria.palindrome@senior.test',
      firstName: 'Victoria',
      lastName: 'Palindrome',
      title: 'VP Marketing',
      accountId: account.id,
    })
  ).json();
  const other = (
    await call('/contacts', { email: 'oscar@senior.test', title: 'Analyst', accountId: account.id })
  ).json();
  // A longer address and name that contain hers are somebody else.
  const namesakeEmail = 'tori.victoria.palindrome@senior.test';
  const namesake = (
    await call('/contacts', {
      email: namesakeEmail,
      firstName: 'Victoriana',
      lastName: 'Palindromes',
      accountId: account.id,
    })
  ).json();
  assert.ok(namesake.id);
  const now = Date.now();
  for (const [contactId, type, days] of [
    [vp.id, 'form_fill', 1],
    [vp.id, 'webinar_attended', 10],
    [other.id, 'meeting', 3],
    [vp.id, 'page_view', 0],
    [namesake.id, 'page_view', 0],
  ] as const) {
    const res = await call('/activities', {
      type,
      contactId,
      occurredAt: new Date(now - days * 86_400_000).toISOString(),
      properties: { email: contactId === namesake.id ? namesakeEmail : 'victoria.palindrome@senior.test' },
    });
    assert.equal(res.statusCode, 201, res.body);
  }
  const at = new Date(now + 60_000);
  const accountBefore = await decayed('account_engagement', 'account_id', account.id, at);
  const personBefore = await decayed('contact_engagement', 'contact_id', vp.id, at);
  assert.ok(personBefore > 0 && accountBefore > personBefore);

  const erased = await call('/privacy/erasures', { contactId: vp.id });
  assert.equal(erased.statusCode, 200, erased.body);
  assert.equal(erased.json().erased.activities, 4, "the VP's three and the analyst's mention of her");

  // The VP's contribution was weighted 1.5 (vp); anonymous it weighs 0.5 (other).
  const { vp: vpMultiplier, other: otherMultiplier } = DEFAULT_SENIORITY_MULTIPLIERS;
  const expected = accountBefore - personBefore + (personBefore * otherMultiplier) / vpMultiplier;
  const accountAfter = await decayed('account_engagement', 'account_id', account.id, at);
  assert.ok(Math.abs(accountAfter - expected) <= 1e-9 * expected, `${accountAfter} vs ${expected}`);
  assert.equal(await decayed('contact_engagement', 'contact_id', vp.id, at), 0);
  const personaKeys = await t.database.db
    .selectFrom('account_persona_engagement')
    .select(['persona_key', 'score'])
    .where('workspace_id', '=', ws.workspaceId)
    .where('account_id', '=', account.id)
    .where('score', '>', 1e-9)
    .execute();
  assert.ok(
    personaKeys.every((p) => !p.persona_key.endsWith(':vp')),
    `no VP engagement left: ${JSON.stringify(personaKeys)}`,
  );

  const kept = await t.database.db
    .selectFrom('contacts')
    .select(['email', 'first_name', 'last_name'])
    .where('workspace_id', '=', ws.workspaceId)
    .where('id', '=', namesake.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(kept, { email: namesakeEmail, first_name: 'Victoriana', last_name: 'Palindromes' });
  const keptActivity = await t.database.db
    .selectFrom('activities')
    .select(['properties'])
    .where('workspace_id', '=', ws.workspaceId)
    .where('contact_id', '=', namesake.id)
    .executeTakeFirstOrThrow();
  assert.equal(keptActivity.properties.email, namesakeEmail);

  await recomputeWorkspace(t.database.db, ws.workspaceId);
  const recomputed = await decayed('account_engagement', 'account_id', account.id, at);
  assert.ok(Math.abs(recomputed - expected) <= 1e-9 * expected, 'a full recompute agrees');
});
