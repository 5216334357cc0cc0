import { z } from 'zod';

/** Buying stages as content is written for them, with their labels. */
export const BUYING_STAGES = [
  { key: 'problem', label: 'Problem recognised' },
  { key: 'solutions', label: 'Solutions compared' },
  { key: 'choice', label: 'Choice' },
] as const;

export const ASSET_KINDS = [
  { key: 'email', label: 'E-mail' },
  { key: 'landing_section', label: 'Landing-page section' },
  { key: 'letter', label: 'Letter' },
  { key: 'ad_copy', label: 'Ad copy' },
  { key: 'document', label: 'Document' },
] as const;

export const FUNCTIONS = [
  'executive',
  'marketing',
  'sales',
  'finance',
  'it',
  'engineering',
  'operations',
  'hr',
  'legal',
  'procurement',
  'product',
  'support',
  'other',
];

export const Asset = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  description: z.string(),
  body: z.string(),
  url: z.string().nullable(),
  personaIds: z.array(z.string()),
  functions: z.array(z.string()),
  buyingStages: z.array(z.string()),
  industries: z.array(z.string()),
  language: z.string().nullable(),
  status: z.string(),
  ownerId: z.string().nullable(),
  version: z.number(),
  updatedAt: z.string(),
});
export type AssetT = z.infer<typeof Asset>;
export const AssetList = z.object({ data: z.array(Asset) });

export const PersonaList = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean() })),
});

export const VariantWhen = z.object({
  accountIds: z.array(z.string()).optional(),
  clusters: z.array(z.number()).optional(),
  personaIds: z.array(z.string()).optional(),
  stages: z.array(z.string()).optional(),
  tiers: z.array(z.number()).optional(),
  industries: z.array(z.string()).optional(),
  languages: z.array(z.string()).optional(),
});
export type VariantWhenT = z.infer<typeof VariantWhen>;
export const Variant = z.object({ name: z.string(), when: VariantWhen, body: z.string() });
export type VariantT = z.infer<typeof Variant>;
export const Block = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  variants: z.array(Variant),
  version: z.number(),
  usedBy: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type BlockT = z.infer<typeof Block>;
export const BlockList = z.object({ data: z.array(Block) });

export const TemplateSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  locale: z.string(),
  currentVersion: z.number(),
  subject: z.string(),
});
export const TemplateList = z.object({ data: z.array(TemplateSummary) });
export const Template = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  locale: z.string(),
  currentVersion: z.number(),
  version: z.number(),
  subject: z.string(),
  preheader: z.string(),
  html: z.string(),
  text: z.string().nullable(),
  blocks: z.array(z.string()),
});
export type TemplateT = z.infer<typeof Template>;

export const Preview = z.object({
  subject: z.string(),
  preheader: z.string(),
  html: z.string(),
  text: z.string(),
  missingVariables: z.array(z.string()),
  recipient: z.object({
    contactId: z.string().nullable(),
    name: z.string().nullable(),
    accountName: z.string().nullable(),
    stage: z.string().nullable(),
    buyingStage: z.string().nullable(),
    tier: z.number().nullable(),
    industry: z.string().nullable(),
    language: z.string().nullable(),
  }),
  blocks: z.array(z.object({ key: z.string(), variant: z.string() })),
});
export type PreviewT = z.infer<typeof Preview>;

export const ContactOptions = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      email: z.string().nullable(),
    }),
  ),
});
