import { z } from 'zod';

const shortList = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(200).optional();

/**
 * When a variant applies: every condition given must hold (any of its values); none given is the
 * default. `stages` takes journey stage keys (`engaged`) or buying stages (`problem`, `solutions`,
 * `choice`); `accountIds` and `clusters` are the 1:1 and 1:few overrides.
 */
export const VariantWhenSchema = z.strictObject({
  accountIds: shortList(z.uuid()),
  clusters: shortList(z.number().int().min(0).max(1_000_000)),
  personaIds: shortList(z.uuid()),
  stages: shortList(z.string().trim().min(1).max(50)),
  tiers: shortList(z.number().int().min(1).max(10)),
  industries: shortList(z.string().trim().min(1).max(200)),
  languages: shortList(
    z
      .string()
      .trim()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a language tag such as en or de-AT'),
  ),
});
export type VariantWhen = z.infer<typeof VariantWhenSchema>;

/** One variant of a block: a Liquid fragment (HTML) and when it is chosen. */
export const BlockVariantSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  when: VariantWhenSchema.default({}),
  body: z.string().max(100_000),
});
export type BlockVariant = z.infer<typeof BlockVariantSchema>;

/** True when a variant has no conditions (the block's default). */
export function isDefaultVariant(variant: { when: VariantWhen }): boolean {
  return Object.values(variant.when).every((v) => v === undefined);
}

const variants = z
  .array(BlockVariantSchema)
  .min(1)
  .max(100)
  .superRefine((list, ctx) => {
    const defaults = list.filter(isDefaultVariant).length;
    if (defaults !== 1)
      ctx.addIssue({
        code: 'custom',
        message: `needs exactly one default variant (one without conditions), found ${defaults}`,
      });
  });

/** A block as the API accepts it. */
export const BlockInputSchema = z.strictObject({
  key: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - and _'),
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  variants,
});
export type BlockInput = z.infer<typeof BlockInputSchema>;

/** A change to a block: any field; `variants` replaces the whole list. */
export const BlockPatchSchema = z.strictObject({
  key: BlockInputSchema.shape.key.optional(),
  name: BlockInputSchema.shape.name.optional(),
  description: z.string().trim().max(2000).optional(),
  variants: variants.optional(),
});
export type BlockPatch = z.infer<typeof BlockPatchSchema>;

/** The stored variants of a block (read back from jsonb). */
export const StoredVariantsSchema = z.array(BlockVariantSchema);
