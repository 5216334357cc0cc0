import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { contactAttributesSql } from '../contact-attributes-sql.ts';
import { globsToRegex, keywordsToRegex } from '../glob-regex.ts';
import { scoreUpsertCtes } from '../score-upserts-sql.ts';
import { ensureSignalSettings } from '../signal-config.ts';
import { accountAttributesSql, weightedActivitiesSql } from '../weighted-activities-sql.ts';

const list = (max: number) => z.array(z.string().trim().min(1).max(max)).max(200);

/**
 * An intent topic. An activity matches when its URL contains one of `urlPatterns` (`*` wildcard),
 * its `tags`/`category` property names one of `tags`, its title/name/url/keywords/query contains
 * one of `keywords` as a whole word, or its `topic` property is the topic's name.
 */
export const TopicInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  urlPatterns: list(500).optional(),
  tags: list(100).optional(),
  keywords: list(200).optional(),
});
export type TopicInput = z.infer<typeof TopicInputSchema>;

export interface Topic {
  id: string;
  name: string;
  urlPatterns: string[];
  tags: string[];
  keywords: string[];
}

function columns(input: { urlPatterns: string[]; tags: string[]; keywords: string[] }) {
  const tags = [...new Set(input.tags.map((t) => t.toLowerCase()))];
  return {
    url_patterns: input.urlPatterns,
    tags,
    keywords: input.keywords,
    url_regex: globsToRegex(input.urlPatterns),
    keyword_regex: keywordsToRegex(input.keywords),
  };
}

/** List a workspace's topics by name. */
export async function listTopics(db: Kysely<DB>, workspaceId: string): Promise<Topic[]> {
  const rows = await db
    .selectFrom('intent_topics')
    .select(['id', 'name', 'url_patterns', 'tags', 'keywords'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    urlPatterns: r.url_patterns,
    tags: r.tags,
    keywords: r.keywords,
  }));
}

/** Create a topic and count its matches in the stored history. A duplicate name is a 409 (23505). */
export async function createTopic(db: Kysely<DB>, workspaceId: string, input: TopicInput): Promise<Topic> {
  const row = await db
    .insertInto('intent_topics')
    .values({
      workspace_id: workspaceId,
      name: input.name,
      ...columns({
        urlPatterns: input.urlPatterns ?? [],
        tags: input.tags ?? [],
        keywords: input.keywords ?? [],
      }),
    })
    .returning(['id', 'name', 'url_patterns', 'tags', 'keywords'])
    .executeTakeFirstOrThrow();
  await rebuildTopicWeeks(db, workspaceId, row.id);
  return {
    id: row.id,
    name: row.name,
    urlPatterns: row.url_patterns,
    tags: row.tags,
    keywords: row.keywords,
  };
}

/** Change a topic (omitted parts stay) and recount its history. Null when it does not exist. */
export async function updateTopic(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  input: Partial<TopicInput>,
): Promise<Topic | null> {
  const current = await db
    .selectFrom('intent_topics')
    .select(['name', 'url_patterns', 'tags', 'keywords'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!current) return null;
  const next = {
    urlPatterns: input.urlPatterns ?? current.url_patterns,
    tags: input.tags ?? current.tags,
    keywords: input.keywords ?? current.keywords,
  };
  const row = await db
    .updateTable('intent_topics')
    .set({ name: input.name ?? current.name, ...columns(next), updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning(['id', 'name', 'url_patterns', 'tags', 'keywords'])
    .executeTakeFirstOrThrow();
  await rebuildTopicWeeks(db, workspaceId, id);
  return {
    id: row.id,
    name: row.name,
    urlPatterns: row.url_patterns,
    tags: row.tags,
    keywords: row.keywords,
  };
}

/** Delete a topic and its weekly counts. False when it does not exist. */
export async function deleteTopic(db: Kysely<DB>, workspaceId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('intent_topics')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Recount one topic's first-party weekly events from every stored activity (third-party scores are
 * kept). Set-based: one pass over the workspace's activities.
 */
export async function rebuildTopicWeeks(db: Kysely<DB>, workspaceId: string, topicId: string): Promise<void> {
  await ensureSignalSettings(db, workspaceId);
  await sql`DELETE FROM account_topic_weekly
    WHERE workspace_id = ${workspaceId} AND topic_id = ${topicId} AND third_party_score IS NULL`.execute(db);
  await sql`UPDATE account_topic_weekly SET events = 0
    WHERE workspace_id = ${workspaceId} AND topic_id = ${topicId}`.execute(db);
  const weighted = weightedActivitiesSql({
    workspaceId,
    activities: sql`SELECT * FROM activities WHERE workspace_id = ${workspaceId}`,
    contacts: contactAttributesSql(workspaceId),
    accounts: accountAttributesSql(workspaceId),
  });
  await sql`WITH b AS (${weighted}), ${scoreUpsertCtes(workspaceId, { scores: false, topics: true, topicId })}
    SELECT 1`.execute(db);
}
