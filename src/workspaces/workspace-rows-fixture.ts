import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Give a workspace rows in every table that holds workspace rows — at least one each, three
 * accounts (one the parent of another) and three contacts — for tests of whole-workspace operations.
 * A table added by a later migration needs a line here; the deletion test names any table left empty.
 */
export async function fillEveryWorkspaceTable(db: Kysely<DB>, ws: string, userId: string): Promise<void> {
  const [a1, a2, a3, c1, c2, c3, p1, t1, l1, b1] = Array.from({ length: 10 }, () => randomUUID());
  const tag = randomUUID().slice(0, 8);
  await sql`
    INSERT INTO accounts (workspace_id, id, name, parent_id) VALUES
      (${ws}, ${a1}, 'Parent', NULL), (${ws}, ${a2}, 'Child', ${a1}), (${ws}, ${a3}, 'Other', NULL)`.execute(
    db,
  );
  await sql`
    INSERT INTO contacts (workspace_id, id, account_id, email) VALUES
      (${ws}, ${c1}, ${a1}, ${`c1-${tag}@example.test`}), (${ws}, ${c2}, ${a2}, ${`c2-${tag}@example.test`}),
      (${ws}, ${c3}, NULL, ${`c3-${tag}@example.test`})`.execute(db);
  await sql`INSERT INTO personas (workspace_id, id, name, committee_role) VALUES (${ws}, ${p1}, 'Buyer', 'decision_maker')`.execute(
    db,
  );
  await sql`INSERT INTO intent_topics (workspace_id, id, name) VALUES (${ws}, ${t1}, 'Topic')`.execute(db);
  await sql`INSERT INTO target_lists (workspace_id, id, period, name) VALUES (${ws}, ${l1}, '2026-Q1', 'List')`.execute(
    db,
  );
  const s1 = randomUUID();
  await sql`INSERT INTO segments (workspace_id, id, name, kind, type) VALUES (${ws}, ${s1}, 'Segment', 'account', 'static')`.execute(
    db,
  );
  const [asset, template, play, run] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const [alert, hook] = [randomUUID(), randomUUID()];
  const statements = [
    sql`INSERT INTO segment_memberships (workspace_id, segment_id, member_id, entered_at, entry_reason)
      VALUES (${ws}, ${s1}, ${a1}, now(), 'manual')`,
    sql`INSERT INTO segment_due (workspace_id, segment_id, member_id, due_at) VALUES (${ws}, ${s1}, ${a1}, now())`,
    sql`INSERT INTO segment_person_accounts (workspace_id, contact_id, account_id) VALUES (${ws}, ${c1}, ${a1})`,
    sql`INSERT INTO content_assets (workspace_id, id, kind, title) VALUES (${ws}, ${asset}, 'email', 'Asset')`,
    sql`INSERT INTO content_asset_versions (workspace_id, asset_id, version, snapshot) VALUES (${ws}, ${asset}, 1, '{}')`,
    sql`INSERT INTO content_blocks (workspace_id, key, name) VALUES (${ws}, 'intro', 'Intro')`,
    sql`INSERT INTO content_templates (workspace_id, id, name) VALUES (${ws}, ${template}, 'Template')`,
    sql`INSERT INTO content_template_versions (workspace_id, template_id, version, subject, html)
      VALUES (${ws}, ${template}, 1, 'Hi', '<p>Hi</p>')`,
    sql`INSERT INTO account_domains (workspace_id, account_id, domain) VALUES (${ws}, ${a1}, ${`${tag}.example`})`,
    sql`INSERT INTO plays (workspace_id, id, name) VALUES (${ws}, ${play}, 'Play')`,
    sql`INSERT INTO play_versions (workspace_id, play_id, version, definition) VALUES (${ws}, ${play}, 1, '{}')`,
    sql`INSERT INTO play_runs (workspace_id, id, play_id, version, account_id, status, reason)
      VALUES (${ws}, ${run}, ${play}, 1, ${a1}, 'active', 'test')`,
    sql`INSERT INTO play_steps (workspace_id, run_id, track, step, contact_id) VALUES (${ws}, ${run}, 't', 's', ${c1})`,
    sql`INSERT INTO play_effects (workspace_id, effect_key, run_id, kind, account_id, contact_id, status)
      VALUES (${ws}, 'k', ${run}, 'email', ${a1}, ${c1}, 'done')`,
    sql`INSERT INTO play_cursors (workspace_id, consumer) VALUES (${ws}, 'activities')`,
    sql`INSERT INTO owner_tasks (workspace_id, account_id, kind, title, reason) VALUES (${ws}, ${a1}, 'task', 'Call', 'test')`,
    sql`INSERT INTO routing_rules (workspace_id, name, priority, assign) VALUES (${ws}, 'Rule', 1, '{}')`,
    sql`INSERT INTO routing_decisions (workspace_id, account_id, reason, trigger) VALUES (${ws}, ${a1}, 'test', 'write')`,
    sql`INSERT INTO alert_cursors (workspace_id, source) VALUES (${ws}, 'activities')`,
    sql`INSERT INTO alert_preferences (workspace_id, user_id, kinds) VALUES (${ws}, ${userId}, '{mqa}')`,
    sql`INSERT INTO alert_throttle (workspace_id, owner_id, account_id, kind, last_at) VALUES (${ws}, ${userId}, ${a1}, 'mqa', now())`,
    sql`INSERT INTO sales_alerts (workspace_id, id, kind, account_id, title, reason, link, source)
      VALUES (${ws}, ${alert}, 'mqa', ${a1}, 'MQA', 'test', 'http://x', 'test')`,
    sql`INSERT INTO alert_webhooks (workspace_id, id, name, url_sealed, url_hint, kinds) VALUES (${ws}, ${hook}, 'Hook', 'plain:http://x', 'http://x', '{mqa}')`,
    sql`INSERT INTO alert_deliveries (workspace_id, alert_id, webhook_id) VALUES (${ws}, ${alert}, ${hook})`,
    sql`INSERT INTO account_engagement (workspace_id, account_id, score, as_of) VALUES (${ws}, ${a1}, 1, now())`,
    sql`INSERT INTO account_fit (workspace_id, account_id) VALUES (${ws}, ${a1}), (${ws}, ${a2})`,
    sql`INSERT INTO account_persona_engagement (workspace_id, account_id, persona_key, score, as_of)
      VALUES (${ws}, ${a1}, 'buyer', 1, now())`,
    sql`INSERT INTO account_plans (workspace_id, account_id) VALUES (${ws}, ${a1})`,
    sql`INSERT INTO account_stage_history (workspace_id, account_id, from_stage, to_stage)
      VALUES (${ws}, ${a1}, 'aware', 'engaged')`,
    sql`INSERT INTO account_stages (workspace_id, account_id, stage) VALUES (${ws}, ${a1}, 'engaged')`,
    sql`INSERT INTO account_topic_weekly (workspace_id, account_id, topic_id, week_start)
      VALUES (${ws}, ${a1}, ${t1}, '2026-01-05')`,
    sql`INSERT INTO account_weekly_activity (workspace_id, account_id, week_start) VALUES (${ws}, ${a1}, '2026-01-05')`,
    sql`INSERT INTO activities (workspace_id, account_id, contact_id, type, occurred_at)
      VALUES (${ws}, ${a1}, ${c1}, 'page_view', now()), (${ws}, ${a2}, NULL, 'page_view', now())`,
    sql`INSERT INTO activity_weights (workspace_id, activity_type, points) VALUES (${ws}, 'page_view', 1)`,
    sql`INSERT INTO anonymous_ids (workspace_id, anonymous_id, contact_id) VALUES (${ws}, 'anon-1', ${c1})`,
    sql`INSERT INTO api_keys (workspace_id, name, role, prefix, key_hash)
      VALUES (${ws}, 'fixture', 'admin', 'fx', ${`hash-${randomUUID()}`})`,
    sql`INSERT INTO audit_log (workspace_id, actor_type, action, object_type) VALUES (${ws}, 'system', 'fixture', 'test')`,
    sql`INSERT INTO contact_engagement (workspace_id, contact_id, score, as_of) VALUES (${ws}, ${c1}, 1, now())`,
    sql`INSERT INTO contact_personas (workspace_id, contact_id, persona_id) VALUES (${ws}, ${c1}, ${p1})`,
    sql`INSERT INTO email_tracking_secrets (workspace_id, secret) VALUES (${ws}, 'secret')`,
    sql`INSERT INTO email_settings (workspace_id) VALUES (${ws})`,
    sql`INSERT INTO email_batches (workspace_id, id, name, kind, send_key) VALUES (${ws}, ${b1}, 'Send', 'marketing', 'k')`,
    sql`INSERT INTO email_sends (workspace_id, batch_id, send_key, recipient_hash, email, contact_id, account_id, kind)
      VALUES (${ws}, ${b1}, 'k', ${'1'.repeat(64)}, ${`c1-${tag}@example.test`}, ${c1}, ${a1}, 'marketing')`,
    sql`INSERT INTO email_suppressions (workspace_id, recipient_hash, reason) VALUES (${ws}, ${'2'.repeat(64)}, 'manual')`,
    sql`INSERT INTO email_preferences (workspace_id, contact_id, topics_off) VALUES (${ws}, ${c1}, '{events}')`,
    sql`INSERT INTO fit_models (workspace_id, version, metrics, feature_spec, coefficients)
      VALUES (${ws}, 1, '{}', '{}', '{}')`,
    sql`INSERT INTO icp_profiles (workspace_id) VALUES (${ws})`,
    sql`INSERT INTO identity_user_ids (workspace_id, user_id, contact_id) VALUES (${ws}, 'user-1', ${c2})`,
    sql`INSERT INTO imports (workspace_id, kind) VALUES (${ws}, 'accounts')`,
    sql`INSERT INTO inbound_batches (workspace_id, events, payload) VALUES (${ws}, 1, '[]')`,
    sql`INSERT INTO inbound_failures (workspace_id, id, message_id, payload, received_at, error)
      VALUES (${ws}, 1, 'm-1', '{}', now(), 'fixture')`,
    sql`INSERT INTO ip_range_versions (workspace_id) VALUES (${ws})`,
    sql`INSERT INTO ip_ranges (workspace_id, family, range_start, range_end, account_id)
      VALUES (${ws}, 4, '10.0.0.0', '10.0.0.255', ${a1})`,
    sql`INSERT INTO journey_stages (workspace_id, key, position, name) VALUES (${ws}, 'aware', 1, 'Aware')`,
    sql`INSERT INTO match_decisions (workspace_id, lead_key, decision, decided_by, account_id)
      VALUES (${ws}, 'lead-1', 'assign', 'fixture', ${a1})`,
    sql`INSERT INTO matching_versions (workspace_id) VALUES (${ws}) ON CONFLICT DO NOTHING`,
    sql`INSERT INTO notes (workspace_id, account_id, body) VALUES (${ws}, ${a1}, 'Note')`,
    sql`INSERT INTO opportunities (workspace_id, name, stage, account_id) VALUES (${ws}, 'Deal', 'open', ${a1})`,
    sql`INSERT INTO persona_seeds (workspace_id) VALUES (${ws})`,
    sql`INSERT INTO privacy_suppressions (workspace_id, kind, hash) VALUES (${ws}, 'email', ${'0'.repeat(64)})`,
    sql`INSERT INTO saved_views (workspace_id, owner, page, name) VALUES (${ws}, 'fixture', 'accounts', 'View')`,
    sql`INSERT INTO sessions (token_hash, user_id, workspace_id, expires_at)
      VALUES (${`session-${randomUUID()}`}, ${userId}, ${ws}, now() + interval '1 day')`,
    sql`INSERT INTO signal_events (workspace_id, type) VALUES (${ws}, 'stage_change')`,
    sql`INSERT INTO report_runs (workspace_id, kind, period) VALUES (${ws}, 'facts', '2026-Q1')`,
    sql`INSERT INTO report_account_periods (workspace_id, period, account_id, is_target) VALUES (${ws}, '2026-Q1', ${a1}, true)`,
    sql`INSERT INTO attribution_settings (workspace_id) VALUES (${ws})`,
    sql`INSERT INTO attribution_touches (workspace_id, opportunity_id, position, activity_id, account_id, occurred_at, kind,
        activity_type, channel, first_touch, last_touch, linear, u_shaped, w_shaped, time_decay)
      SELECT ${ws}, o.id, 0, 1, ${a1}, now(), 'sourced', 'page_view', 'web', 1, 1, 1, 1, 1, 1
      FROM opportunities o WHERE o.workspace_id = ${ws} LIMIT 1`,
    sql`INSERT INTO marketing_costs (workspace_id, starts_on, ends_on, channel, amount)
      VALUES (${ws}, '2026-01-01', '2026-01-31', 'email', 100)`,
    sql`INSERT INTO report_goals (workspace_id, period, segment, metric, target)
      VALUES (${ws}, '2026-Q1', 'targets', 'won', 5)`,
    sql`INSERT INTO report_notes (workspace_id, period, team, kind, body, author_actor)
      VALUES (${ws}, '2026-Q1', 'sales', 'heard', 'Note', 'system:fixture')`,
    sql`INSERT INTO signal_settings (workspace_id) VALUES (${ws})`,
    sql`INSERT INTO target_list_approvals (workspace_id, list_id, side, actor_type)
      VALUES (${ws}, ${l1}, 'marketing', 'user')`,
    sql`INSERT INTO target_list_members (workspace_id, list_id, account_id, tier) VALUES (${ws}, ${l1}, ${a1}, 1)`,
    sql`INSERT INTO tier_clusters (workspace_id, id, label, size) VALUES (${ws}, 1, 'Cluster', 1)`,
    sql`INSERT INTO tier_settings (workspace_id, rules) VALUES (${ws}, '{}')`,
    sql`INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (${ws}, ${userId}, 'admin')
      ON CONFLICT DO NOTHING`,
    sql`INSERT INTO write_keys (workspace_id, name, prefix, key_hash)
      VALUES (${ws}, 'fixture', 'wk', ${`hash-${randomUUID()}`})`,
  ];
  for (const statement of statements) await statement.execute(db);
}

/** Rows per table for one workspace, over every table with a workspace_id column. */
export async function countWorkspaceRows(
  db: Kysely<DB>,
  tables: readonly string[],
  ws: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE workspace_id = ${ws}`.execute(db);
    counts[table] = Number(row.rows[0]?.n ?? 0);
  }
  return counts;
}
