import { type Kysely, sql } from 'kysely';
import type { JsonObject } from '../db/json.ts';
import { plannedWorkspace } from '../db/planned-workspace.ts';
import type { DB } from '../db/schema.ts';
import { buyingStageOf } from './buying-stage.ts';
import type { RecipientFacts } from './choose-variant.ts';
import { languageOf } from './recipient-language.ts';

/** One recipient's data: the template variables and the facts block variants are chosen by. */
export interface RecipientContext {
  contactId: string | null;
  facts: RecipientFacts;
  contact: Record<string, unknown>;
  account: Record<string, unknown>;
  owner: Record<string, unknown>;
}

interface Row {
  id: string;
  account_id: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  phone: string | null;
  contact_country: string | null;
  job_function: string | null;
  seniority: string | null;
  contact_custom: JsonObject | null;
  account_name: string | null;
  domain: string | null;
  website: string | null;
  industry: string | null;
  employee_count: number | null;
  annual_revenue: number | null;
  currency: string | null;
  account_country: string | null;
  region: string | null;
  city: string | null;
  technologies: string[] | null;
  lifecycle: string | null;
  is_target: boolean | null;
  tier: number | null;
  tier_cluster: number | null;
  account_custom: JsonObject | null;
  fit_score: number | null;
  fit_grade: string | null;
  stage: string | null;
  stage_name: string | null;
  stage_position: number | null;
  business_situation: string | null;
  goals: string | null;
  pain_points: string | null;
  key_people: string | null;
  next_steps: string | null;
  owner_name: string | null;
  owner_email: string | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The workspace's number of journey stages (buying stages of custom stage models are by position). */
export async function loadStageCount(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('journey_stages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The recipient contexts of contacts of the workspace, in one statement for the contacts and one
 * for their personas (contacts not in the workspace are absent from the map).
 */
export async function loadRecipients(
  db: Kysely<DB>,
  workspaceId: string,
  contactIds: readonly string[],
  stageCount: number,
): Promise<Map<string, RecipientContext>> {
  const out = new Map<string, RecipientContext>();
  const ids = [...new Set(contactIds)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0) return out;
  const ws = plannedWorkspace(workspaceId);
  const { rows } = await sql<Row>`
    SELECT c.id, c.account_id, c.email, c.first_name, c.last_name, c.title, c.phone, c.country AS contact_country,
      c.job_function, c.seniority, c.custom AS contact_custom,
      a.name AS account_name, a.domain, a.website, a.industry, a.employee_count, a.annual_revenue, a.currency,
      a.country AS account_country, a.region, a.city, a.technologies, a.lifecycle, a.is_target, a.tier,
      a.tier_cluster, a.custom AS account_custom,
      f.score AS fit_score, f.grade AS fit_grade,
      s.stage, js.name AS stage_name, coalesce(s.position, js.position) AS stage_position,
      p.business_situation, p.goals, p.pain_points, p.key_people, p.next_steps,
      u.name AS owner_name, u.email AS owner_email
    FROM unnest(${ids}::uuid[]) AS k(id)
    CROSS JOIN LATERAL (
      SELECT * FROM contacts x WHERE x.workspace_id = ${ws} AND x.id = k.id LIMIT 1
    ) c
    LEFT JOIN accounts a ON a.workspace_id = c.workspace_id AND a.id = c.account_id
    LEFT JOIN account_fit f ON f.workspace_id = a.workspace_id AND f.account_id = a.id
    LEFT JOIN account_stages s ON s.workspace_id = a.workspace_id AND s.account_id = a.id
    LEFT JOIN journey_stages js ON js.workspace_id = s.workspace_id AND js.key = s.stage
    LEFT JOIN account_plans p ON p.workspace_id = a.workspace_id AND p.account_id = a.id
    LEFT JOIN users u ON u.id = coalesce(c.owner_id, a.owner_id)`.execute(db);
  const personas = await sql<{ contact_id: string; id: string; name: string }>`
    SELECT cp.contact_id, p.id, p.name
    FROM contact_personas cp
    JOIN personas p ON p.workspace_id = cp.workspace_id AND p.id = cp.persona_id
    WHERE cp.workspace_id = ${workspaceId} AND cp.contact_id = ANY(${ids}::uuid[])
    ORDER BY p.name`.execute(db);
  const personasOf = new Map<string, { id: string; name: string }[]>();
  for (const p of personas.rows) {
    const list = personasOf.get(p.contact_id) ?? [];
    list.push({ id: p.id, name: p.name });
    personasOf.set(p.contact_id, list);
  }
  for (const r of rows) out.set(r.id, toContext(r, personasOf.get(r.id) ?? [], stageCount));
  return out;
}

function toContext(r: Row, personas: { id: string; name: string }[], stageCount: number): RecipientContext {
  const contactCustom = r.contact_custom ?? {};
  const accountCustom = r.account_custom ?? {};
  const language = languageOf(
    text(contactCustom.language) ?? text(contactCustom.locale) ?? text(accountCustom.language),
    r.contact_country ?? r.account_country,
  );
  const buyingStage = buyingStageOf(r.stage, r.stage_position, stageCount);
  const fullName = [r.first_name, r.last_name].filter((s) => s).join(' ');
  const ownerName = r.owner_name ?? '';
  return {
    contactId: r.id,
    facts: {
      accountId: r.account_id,
      cluster: r.tier_cluster,
      personaIds: personas.map((p) => p.id),
      stage: r.stage,
      buyingStage,
      tier: r.tier,
      industry: r.industry,
      language,
    },
    contact: {
      id: r.id,
      first_name: r.first_name,
      last_name: r.last_name,
      full_name: fullName,
      email: r.email,
      title: r.title,
      phone: r.phone,
      country: r.contact_country,
      job_function: r.job_function,
      seniority: r.seniority,
      persona: personas[0]?.name ?? null,
      personas: personas.length > 0 ? personas.map((p) => p.name) : null,
      language,
      custom: contactCustom,
    },
    account:
      r.account_id === null
        ? {}
        : {
            id: r.account_id,
            name: r.account_name,
            domain: r.domain,
            website: r.website,
            industry: r.industry,
            employee_count: r.employee_count,
            annual_revenue: r.annual_revenue,
            currency: r.currency,
            country: r.account_country,
            region: r.region,
            city: r.city,
            technologies: r.technologies && r.technologies.length > 0 ? r.technologies : null,
            lifecycle: r.lifecycle,
            is_target: r.is_target,
            tier: r.tier,
            cluster: r.tier_cluster,
            fit_score: r.fit_score,
            fit_grade: r.fit_grade,
            stage: r.stage,
            stage_name: r.stage_name,
            buying_stage: buyingStage,
            plan: {
              business_situation: r.business_situation,
              goals: r.goals,
              pain_points: r.pain_points,
              key_people: r.key_people,
              next_steps: r.next_steps,
            },
            custom: accountCustom,
          },
    owner: {
      name: r.owner_name,
      first_name: ownerName.split(/\s+/)[0] || null,
      email: r.owner_email,
    },
  };
}
