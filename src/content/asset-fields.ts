import type { Selectable } from 'kysely';
import { z } from 'zod';
import { JOB_FUNCTIONS } from '../personas/title-rules.ts';
import { BUYING_STAGES } from './buying-stage.ts';
import { ASSET_KINDS, ASSET_STATUSES, type ContentAssetsTable } from './tables.ts';

const tagList = <T extends z.ZodType>(item: T) => z.array(item).max(50);
const languageTag = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a language tag such as en or de-AT');

const assetShape = {
  kind: z.enum(ASSET_KINDS),
  title: z.string().trim().min(1, 'is required').max(300),
  description: z.string().trim().max(5000),
  /** The content itself (copy, HTML, letter text); documents may leave it empty and give `url`. */
  body: z.string().max(200_000),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000)
    .nullable(),
  personaIds: tagList(z.uuid()),
  functions: tagList(z.enum(JOB_FUNCTIONS)),
  buyingStages: tagList(z.enum(BUYING_STAGES)),
  industries: tagList(z.string().trim().min(1).max(200)),
  language: languageTag.nullable(),
  status: z.enum(ASSET_STATUSES),
  ownerId: z.uuid().nullable(),
};

/** An asset as the API accepts it on create. */
export const AssetInputSchema = z
  .strictObject({
    ...assetShape,
    description: assetShape.description.default(''),
    body: assetShape.body.default(''),
    url: assetShape.url.default(null),
    personaIds: assetShape.personaIds.default([]),
    functions: assetShape.functions.default([]),
    buyingStages: assetShape.buyingStages.default([]),
    industries: assetShape.industries.default([]),
    language: assetShape.language.default(null),
    status: assetShape.status.default('draft'),
    ownerId: assetShape.ownerId.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.kind === 'document' && !a.url)
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'a document needs its URL' });
  });
export type AssetInput = z.infer<typeof AssetInputSchema>;

/** A change to an asset; `version`, when given, must be the current one (else 409). */
export const AssetPatchSchema = z.strictObject({
  kind: assetShape.kind.optional(),
  title: assetShape.title.optional(),
  description: assetShape.description.optional(),
  body: assetShape.body.optional(),
  url: assetShape.url.optional(),
  personaIds: assetShape.personaIds.optional(),
  functions: assetShape.functions.optional(),
  buyingStages: assetShape.buyingStages.optional(),
  industries: assetShape.industries.optional(),
  language: assetShape.language.optional(),
  status: assetShape.status.optional(),
  ownerId: assetShape.ownerId.optional(),
  version: z.number().int().min(1).optional(),
});
export type AssetPatch = z.infer<typeof AssetPatchSchema>;

/** Filters of the asset list: every filter given must hold. */
export const AssetListQuerySchema = z.strictObject({
  kind: z.enum(ASSET_KINDS).optional(),
  status: z.enum(ASSET_STATUSES).optional(),
  personaId: z.uuid().optional(),
  function: z.enum(JOB_FUNCTIONS).optional(),
  buyingStage: z.enum(BUYING_STAGES).optional(),
  industry: z.string().trim().min(1).max(200).optional(),
  language: languageTag.optional(),
  ownerId: z.uuid().optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AssetListQuery = z.infer<typeof AssetListQuerySchema>;

/** An asset as the API returns it. */
export const AssetOutSchema = z.object({
  id: z.string(),
  kind: z.enum(ASSET_KINDS),
  title: z.string(),
  description: z.string(),
  body: z.string(),
  url: z.string().nullable(),
  personaIds: z.array(z.string()),
  functions: z.array(z.string()),
  buyingStages: z.array(z.string()),
  industries: z.array(z.string()),
  language: z.string().nullable(),
  status: z.enum(ASSET_STATUSES),
  ownerId: z.string().nullable(),
  version: z.number(),
  updatedBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type AssetOut = z.infer<typeof AssetOutSchema>;

/** The API view of an asset row. */
export function toAssetOut(row: Selectable<ContentAssetsTable>): AssetOut {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    description: row.description,
    body: row.body,
    url: row.url,
    personaIds: row.persona_ids,
    functions: row.functions,
    buyingStages: row.buying_stages,
    industries: row.industries,
    language: row.language,
    status: row.status,
    ownerId: row.owner_id,
    version: row.version,
    updatedBy: row.updated_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
