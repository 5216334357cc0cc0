import type { Kysely } from 'kysely';
import { systemContext } from '../auth/auth-context.ts';
import type { AssetInput } from '../content/asset-fields.ts';
import type { BlockInput } from '../content/block-fields.ts';
import { createAsset } from '../content/save-asset.ts';
import { createBlock } from '../content/save-block.ts';
import { createTemplate } from '../content/save-template.ts';
import type { DB } from '../db/schema.ts';
import { DEMO_SITE } from './generate-activities.ts';

type AssetSeed = Omit<
  AssetInput,
  'personaIds' | 'ownerId' | 'description' | 'body' | 'url' | 'industries' | 'language' | 'status'
> & {
  personas: string[];
  body?: string;
  url?: string;
  industries?: string[];
};

/** The demo vendor's (Nimbus) library: what a marketing team writes per persona and buying stage. */
const ASSETS: AssetSeed[] = [
  {
    kind: 'email',
    title: 'Why pipeline reviews miss the accounts that matter',
    personas: ['Executive Sponsor'],
    functions: ['executive'],
    buyingStages: ['problem'],
    body: 'Three signs your best accounts are going quiet before your forecast notices.',
  },
  {
    kind: 'email',
    title: 'The board asks: which accounts will grow next year?',
    personas: ['Executive Sponsor'],
    functions: ['executive'],
    buyingStages: ['solutions'],
    body: 'How leadership teams compare ABM platforms: coverage, engagement and revenue per account.',
  },
  {
    kind: 'letter',
    title: 'Executive letter: a 90-day account plan',
    personas: ['Executive Sponsor'],
    functions: ['executive'],
    buyingStages: ['choice'],
    body: 'Dear {{ contact.first_name }}, here is the plan we would run with {{ account.name }}…',
  },
  {
    kind: 'email',
    title: 'What untargeted campaigns cost per won account',
    personas: ['Finance Leader'],
    functions: ['finance'],
    buyingStages: ['problem'],
    body: 'Cost per opportunity by channel, and where the budget leaks.',
  },
  {
    kind: 'document',
    title: 'ROI model: ABM vs. lead-based demand generation',
    personas: ['Finance Leader'],
    functions: ['finance'],
    buyingStages: ['solutions'],
    url: `${DEMO_SITE}/files/abm-roi-model.xlsx`,
  },
  {
    kind: 'document',
    title: 'Pricing and total cost of ownership, 3 years',
    personas: ['Finance Leader', 'Procurement & Legal'],
    functions: ['finance', 'legal'],
    buyingStages: ['choice'],
    url: `${DEMO_SITE}/files/nimbus-tco.pdf`,
  },
  {
    kind: 'email',
    title: 'Your CRM knows the accounts; your website does not',
    personas: ['IT & Security'],
    functions: ['it'],
    buyingStages: ['problem'],
    body: 'Anonymous visits, reverse-IP and matching: what IT should know.',
  },
  {
    kind: 'document',
    title: 'Security and GDPR whitepaper',
    personas: ['IT & Security', 'Procurement & Legal'],
    functions: ['it', 'legal'],
    buyingStages: ['solutions', 'choice'],
    url: `${DEMO_SITE}/security`,
  },
  {
    kind: 'document',
    title: 'Salesforce and HubSpot integration guide',
    personas: ['IT & Security', 'Engineering Leader'],
    functions: ['it', 'engineering'],
    buyingStages: ['choice'],
    url: `${DEMO_SITE}/integrations/salesforce`,
  },
  {
    kind: 'landing_section',
    title: 'Hero: one view of every target account',
    personas: ['Marketing Leader'],
    functions: ['marketing'],
    buyingStages: ['problem'],
    body: '<h1>Know which accounts are in market this week</h1>',
  },
  {
    kind: 'email',
    title: 'The ABM playbook, chapter 1: choosing accounts',
    personas: ['Marketing Leader'],
    functions: ['marketing'],
    buyingStages: ['problem'],
    body: `Read it: ${DEMO_SITE}/blog/abm-playbook`,
  },
  {
    kind: 'ad_copy',
    title: 'LinkedIn: "Your best accounts, this week"',
    personas: ['Marketing Leader', 'Sales Leader'],
    functions: ['marketing', 'sales'],
    buyingStages: ['problem', 'solutions'],
    body: 'Headline: Your best accounts, this week. Intro: See intent surges before your competitors do.',
  },
  {
    kind: 'document',
    title: 'Customer story: a manufacturer doubles pipeline from 400 accounts',
    personas: ['Marketing Leader', 'Sales Leader'],
    functions: ['marketing', 'sales'],
    buyingStages: ['solutions'],
    industries: ['Manufacturing'],
    url: `${DEMO_SITE}/customers`,
  },
  {
    kind: 'document',
    title: 'Customer story: a bank shortens its sales cycle by 30 %',
    personas: ['Executive Sponsor', 'Sales Leader'],
    functions: ['executive', 'sales'],
    buyingStages: ['solutions'],
    industries: ['Financial Services'],
    url: `${DEMO_SITE}/customers`,
  },
  {
    kind: 'email',
    title: 'Alerts your sellers will actually read',
    personas: ['Sales Leader'],
    functions: ['sales'],
    buyingStages: ['solutions'],
    body: 'One digest per seller: accounts surging, people engaged, next steps.',
  },
  {
    kind: 'email',
    title: 'Getting started in week one',
    personas: ['End Users'],
    functions: ['marketing', 'sales'],
    buyingStages: ['choice'],
    body: `${DEMO_SITE}/docs/getting-started`,
  },
];

/** Shared blocks: one greeting, value statements per persona, proof per industry, the seller's signature. */
const BLOCKS: BlockInput[] = [
  {
    key: 'greeting',
    name: 'Greeting',
    description: 'Salutation in the recipient’s language.',
    variants: [
      { name: 'English', when: {}, body: '<p>Hi {{ contact.first_name | default: "there" }},</p>' },
      {
        name: 'German',
        when: { languages: ['de'] },
        body: '<p>Guten Tag {{ contact.full_name | default: "" }},</p>',
      },
      {
        name: 'Danish',
        when: { languages: ['da'] },
        body: '<p>Hej {{ contact.first_name | default: "" }},</p>',
      },
      {
        name: 'Icelandic',
        when: { languages: ['is'] },
        body: '<p>Góðan dag {{ contact.first_name | default: "" }},</p>',
      },
      {
        name: 'Estonian',
        when: { languages: ['et'] },
        body: '<p>Tere {{ contact.first_name | default: "" }},</p>',
      },
    ],
  },
  {
    key: 'value',
    name: 'Value statement',
    description: 'Why Nimbus, said to each member of the buying committee.',
    variants: [
      {
        name: 'Default',
        when: {},
        body: '<p>Nimbus shows which of your target accounts are in market, who is engaged and what to do next.</p>',
      },
      {
        name: 'Executive',
        when: { personaIds: ['Executive Sponsor'] },
        body: '<p>Leadership teams use Nimbus to see pipeline and revenue per target account, and to review the list with sales each quarter.</p>',
      },
      {
        name: 'Finance',
        when: { personaIds: ['Finance Leader'] },
        body: '<p>Nimbus measures cost and revenue per account, so every campaign is compared with a control group, not a guess.</p>',
      },
      {
        name: 'IT',
        when: { personaIds: ['IT & Security'] },
        body: '<p>Nimbus runs on your own PostgreSQL, keeps personal data in the EU and erases a person on request in one step.</p>',
      },
      {
        name: 'Marketing',
        when: { personaIds: ['Marketing Leader'] },
        body: '<p>Build target lists with sales, run plays per persona and see engagement minutes per account, not per lead.</p>',
      },
      {
        name: 'Sales',
        when: { personaIds: ['Sales Leader'] },
        body: '<p>Your sellers get one alert when an account surges, with the people engaged and a suggested next step.</p>',
      },
    ],
  },
  {
    key: 'proof',
    name: 'Customer proof',
    description: 'A customer story fitting the account’s industry and stage.',
    variants: [
      {
        name: 'Default',
        when: {},
        body: `<p>See how teams like yours work with Nimbus: <a href="${DEMO_SITE}/customers">customer stories</a>.</p>`,
      },
      {
        name: 'Manufacturing',
        when: { industries: ['Manufacturing'] },
        body: '<p>A European manufacturer doubled its pipeline from 400 target accounts in two quarters.</p>',
      },
      {
        name: 'Financial services',
        when: { industries: ['Financial Services'] },
        body: '<p>A Nordic bank shortened its sales cycle by 30 % with alerts on its 200 key accounts.</p>',
      },
      {
        name: 'Choosing now',
        when: { stages: ['choice'] },
        body: `<p>Ready to compare? Our <a href="${DEMO_SITE}/files/nimbus-tco.pdf">3-year cost of ownership</a> sets out every line.</p>`,
      },
      {
        name: 'Tier 1',
        when: { tiers: [1], stages: ['solutions', 'choice'] },
        body: '<p>{{ owner.first_name | default: "Your account team" }} has prepared a short plan for {{ account.name }} — reply and we will walk you through it.</p>',
      },
    ],
  },
  {
    key: 'signature',
    name: 'Seller signature',
    description: 'The account owner signs; the marketing team when there is none.',
    variants: [
      {
        name: 'Default',
        when: {},
        body: '<p>Best regards,<br>{{ owner.name | default: "The Nimbus team" }}<br>{{ owner.email | default: "hello@nimbus.example" }}</p>',
      },
    ],
  },
  {
    key: 'footer',
    name: 'Footer',
    description: 'Who we are and the unsubscribe link.',
    variants: [
      {
        name: 'Default',
        when: {},
        body: '<p style="font-size:12px;color:#6b7280">Nimbus · Analytics for account-based marketing · <a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
      },
    ],
  },
];

const TEMPLATES = [
  {
    name: 'Executive intro',
    description: '1:1 and 1:few: a first note from the account owner to a target account’s leadership.',
    subject: '{{ account.name }} and the accounts that matter next year',
    preheader: 'A short note from {{ owner.name | default: "Nimbus" }}',
    html: '<html><body>{% insert "greeting" %}<p>I look after {{ account.name }} at Nimbus{% if account.industry %}, and I work with several {{ account.industry | downcase }} companies{% endif %}.</p>{% insert "value" %}{% insert "proof" %}{% insert "signature" %}{% insert "footer" %}</body></html>',
  },
  {
    name: 'Nurture 1: the problem',
    description: 'Problem recognised: the first of three nurture e-mails.',
    subject: 'Is {{ account.name }} losing deals it never saw coming?',
    preheader: 'Three signs your best accounts are going quiet',
    html: `<html><body>{% insert "greeting" %}<p>Most pipeline reviews look at deals, not accounts. By the time a deal shows up, the buying committee has often decided.</p>{% insert "value" %}<p><a href="${DEMO_SITE}/blog/abm-playbook">Read the ABM playbook</a></p>{% insert "signature" %}{% insert "footer" %}</body></html>`,
  },
  {
    name: 'Nurture 2: comparing solutions',
    description: 'Solutions compared: proof by industry and an ROI model.',
    subject: 'How {{ account.industry | default: "companies like yours" }} teams compare ABM platforms',
    preheader: 'An ROI model you can fill in with your own numbers',
    html: `<html><body>{% insert "greeting" %}{% insert "proof" %}<p>Our <a href="${DEMO_SITE}/files/abm-roi-model.xlsx">ROI model</a> compares ABM with lead-based demand generation{% if account.annual_revenue %} for a company of {{ account.annual_revenue | money: account.currency }} revenue{% endif %}.</p>{% insert "signature" %}{% insert "footer" %}</body></html>`,
    text: 'Hello {{ contact.first_name | default: "there" }},\n\nOur ROI model compares ABM with lead-based demand generation: {{ workspace.name }}\n\n{% insert "proof" %}\n\n{{ owner.name | default: "The Nimbus team" }}\nUnsubscribe: {{ unsubscribe_url }}',
  },
  {
    name: 'Nurture 3: the choice',
    description: 'Choice: a meeting with the account owner before the decision.',
    subject: '{{ contact.first_name | default: "Hello" }}, 20 minutes before {{ account.name }} decides?',
    preheader: 'Pricing, security and a plan for your first 90 days',
    html: `<html><body>{% insert "greeting" %}<p>As {{ account.name }} weighs its options, here is what teams ask us in the last weeks: pricing, security and how the first 90 days look.</p>{% insert "proof" %}<p><a href="${DEMO_SITE}/demo">Book 20 minutes with {{ owner.first_name | default: "us" }}</a></p>{% insert "signature" %}{% insert "footer" %}</body></html>`,
  },
];

/**
 * The demo workspace's content: a library of assets per persona and buying stage, shared blocks with
 * persona, language, industry, stage and tier variants, and four templates (an executive intro and a
 * three-step nurture sequence) built from them. Personas are named here and resolved to the
 * workspace's persona ids; those it lacks are left out.
 */
export async function loadDemoContent(
  db: Kysely<DB>,
  workspaceId: string,
  ownerId: string | null,
): Promise<number> {
  const ctx = systemContext(workspaceId, 'demo');
  const personas = new Map(
    (
      await db.selectFrom('personas').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute()
    ).map((p) => [p.name, p.id]),
  );
  const ids = (names: readonly string[]) =>
    names.flatMap((n) => (personas.has(n) ? [personas.get(n) ?? ''] : []));
  for (const a of ASSETS)
    await createAsset(db, ctx, {
      kind: a.kind,
      title: a.title,
      description: '',
      body: a.body ?? '',
      url: a.url ?? null,
      personaIds: ids(a.personas),
      functions: a.functions,
      buyingStages: a.buyingStages,
      industries: a.industries ?? [],
      language: 'en',
      status: 'published',
      ownerId,
    });
  for (const b of BLOCKS) {
    const variants = b.variants.flatMap((v) => {
      if (!v.when.personaIds) return [v];
      const resolved = ids(v.when.personaIds);
      return resolved.length > 0 ? [{ ...v, when: { ...v.when, personaIds: resolved } }] : [];
    });
    await createBlock(db, ctx, { ...b, variants });
  }
  for (const t of TEMPLATES) await createTemplate(db, ctx, { text: null, ...t, locale: 'en-GB', ownerId });
  return ASSETS.length + BLOCKS.length + TEMPLATES.length;
}
