import { type Kysely, sql } from 'kysely';

/**
 * Weekly points are kept for 26 weeks (src/signals/weekly-horizon.ts), so a `points` stage condition
 * reaches back at most 182 days. Stage models saved before that limit may hold longer windows, which
 * the model schema now rejects (the workspace would fall back to the default model): they are
 * clamped to 182 days, the longest window the kept weeks can answer.
 */
export async function up<T>(db: Kysely<T>): Promise<void> {
  await sql`
    UPDATE journey_stages j SET conditions = (
      SELECT coalesce(jsonb_agg((
        SELECT coalesce(jsonb_agg(CASE
            WHEN jsonb_typeof(c) = 'object' AND c->>'type' = 'points'
              AND jsonb_typeof(c->'withinDays') = 'number' AND (c->>'withinDays')::numeric > 182
            THEN jsonb_set(c, '{withinDays}', '182') ELSE c END ORDER BY ci), '[]'::jsonb)
        FROM jsonb_array_elements(g) WITH ORDINALITY AS cs(c, ci)
      ) ORDER BY gi), '[]'::jsonb)
      FROM jsonb_array_elements(j.conditions) WITH ORDINALITY AS gs(g, gi)
    )
    WHERE jsonb_typeof(j.conditions) = 'array'
      AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(j.conditions) g WHERE jsonb_typeof(g) <> 'array')
      AND jsonb_path_exists(j.conditions, '$[*][*] ? (@.type == "points" && @.withinDays > 182)')
  `.execute(db);
}

export async function down(): Promise<void> {
  // The clamped windows are not restored: the longer ones cannot be answered any more.
}
