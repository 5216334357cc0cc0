import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { leadKeys } from './contact-matching.ts';
import { matchLead } from './match-lead.ts';
import { DEFAULT_MATCH_CONFIG, type MatchConfig, type MatchLead, type MatchResult } from './match-types.ts';
import { versionKey, workspaceIndex } from './workspace-index.ts';

/**
 * Matches one lead against a workspace's cached index with one round trip (two primary-key reads: the
 * accounts version and any manual decision for the lead's email). A stored decision for the email wins.
 */
export async function matchSingleLead(
  db: Kysely<DB>,
  workspaceId: string,
  lead: MatchLead,
  config: MatchConfig = DEFAULT_MATCH_CONFIG,
): Promise<MatchResult> {
  // One round trip: the accounts version and any manual decision for the lead's email.
  const emailKey = leadKeys('', lead.email ?? null).find((k) => k.startsWith('email:')) ?? null;
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('matching_versions')
        .select('version')
        .where('workspace_id', '=', workspaceId)
        .as('version'),
      eb
        .selectFrom('matching_versions')
        .select('changed_at')
        .where('workspace_id', '=', workspaceId)
        .as('changed_at'),
      eb
        .selectFrom('match_decisions')
        .select('decision')
        .where('workspace_id', '=', workspaceId)
        .where('lead_key', '=', emailKey ?? '')
        .as('decision'),
      eb
        .selectFrom('match_decisions')
        .select('account_id')
        .where('workspace_id', '=', workspaceId)
        .where('lead_key', '=', emailKey ?? '')
        .as('decision_account_id'),
    ])
    .executeTakeFirst();
  if (row?.decision === 'assign' && row.decision_account_id) {
    return {
      status: 'matched',
      accountId: row.decision_account_id,
      confidence: 1,
      method: 'manual',
      evidence: ['assigned manually'],
      reason: null,
      candidates: [],
    };
  }
  if (row?.decision === 'reject') {
    return {
      status: 'none',
      accountId: null,
      confidence: 0,
      method: null,
      evidence: ['rejected manually'],
      reason: 'a manual decision says this lead has no account',
      candidates: [],
    };
  }
  const index = await workspaceIndex(db, workspaceId, versionKey(row?.version, row?.changed_at));
  return matchLead(index, lead, config);
}
