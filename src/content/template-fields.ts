import { z } from 'zod';

const locale = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .refine((v) => {
    try {
      return Intl.getCanonicalLocales(v).length === 1;
    } catch {
      return false;
    }
  }, 'must be a locale such as en-US or de-DE');

/** The parts of a template version, as written (Liquid). */
export const TemplatePartsSchema = z.strictObject({
  subject: z.string().trim().min(1, 'is required').max(1000),
  preheader: z.string().max(1000).default(''),
  html: z.string().min(1, 'is required').max(200_000),
  /** The plain-text part; left out or null, it is generated from the HTML. */
  text: z.string().max(200_000).nullable().default(null),
});

/** A template as the API accepts it on create (version 1). */
export const TemplateInputSchema = TemplatePartsSchema.extend({
  name: z.string().trim().min(1, 'is required').max(200),
  description: z.string().trim().max(2000).default(''),
  locale: locale.default('en-US'),
  ownerId: z.uuid().nullable().optional(),
});
export type TemplateInput = z.infer<typeof TemplateInputSchema>;

/**
 * A change to a template. A change to any part (subject, preheader, html, text) or the locale makes a
 * new version; `baseVersion`, when given, must be the current version (else 409).
 */
export const TemplatePatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(2000).optional(),
  locale: locale.optional(),
  ownerId: z.uuid().nullable().optional(),
  subject: z.string().trim().min(1, 'is required').max(1000).optional(),
  preheader: z.string().max(1000).optional(),
  html: z.string().min(1, 'is required').max(200_000).optional(),
  text: z.string().max(200_000).nullable().optional(),
  baseVersion: z.number().int().min(1).optional(),
});
export type TemplatePatch = z.infer<typeof TemplatePatchSchema>;

/** A template with one of its versions, as the API returns it. */
export const TemplateOutSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  locale: z.string(),
  ownerId: z.string().nullable(),
  currentVersion: z.number(),
  version: z.number(),
  subject: z.string(),
  preheader: z.string(),
  html: z.string(),
  text: z.string().nullable(),
  /** Keys of the blocks this version inserts. */
  blocks: z.array(z.string()),
  versionCreatedBy: z.string().nullable(),
  versionCreatedAt: z.date(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TemplateOut = z.infer<typeof TemplateOutSchema>;

/** A template in a list. */
export const TemplateSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  locale: z.string(),
  ownerId: z.string().nullable(),
  currentVersion: z.number(),
  subject: z.string(),
  updatedAt: z.date(),
});
export type TemplateSummary = z.infer<typeof TemplateSummarySchema>;
