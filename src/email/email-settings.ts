import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { openSecret, sealSecret } from './secret-box.ts';

/** Countries whose law asks for prior opt-in to marketing e-mail (EU/EEA, UK, CH, CA, AU, JP, KR). */
export const OPT_IN_COUNTRIES = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
  'GB',
  'CH',
  'CA',
  'AU',
  'JP',
  'KR',
] as const;

const ConsentRule = z.enum(['opt_in', 'opt_out']);
const Hour = z.number().int().min(0).max(23);
const TimeZone = z
  .string()
  .max(64)
  .refine((tz) => validTimeZone(tz), 'must be an IANA time zone such as Europe/Berlin');

const SmtpSchema = z.strictObject({
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  /** `tls`: TLS from the first byte (465); `starttls`: upgrade required; `none`: plain (local catchers). */
  tls: z.enum(['tls', 'starttls', 'none']).default('starttls'),
  user: z.string().max(320).nullable().default(null),
});

/** The settings as stored (no secrets) and as the API returns them (plus flags for the secrets). */
export const EmailConfigSchema = z.strictObject({
  smtp: SmtpSchema.nullable().default(null),
  from: z
    .strictObject({ address: z.email().max(320), name: z.string().trim().max(200).default('') })
    .default({ address: 'marketing@example.com', name: '' }),
  replyTo: z.email().max(320).nullable().default(null),
  dkim: z
    .strictObject({
      domain: z.string().trim().min(1).max(253),
      selector: z
        .string()
        .trim()
        .min(1)
        .max(63)
        .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash'),
    })
    .nullable()
    .default(null),
  /** Where recipients reach this server: unsubscribe, preference page, tracking links. */
  publicUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(500)
    .default('http://127.0.0.1:3000'),
  rateLimit: z
    .strictObject({
      perSecond: z.number().int().min(1).max(5000).default(300),
      perDomainPerSecond: z.number().int().min(1).max(5000).default(50),
      connections: z.number().int().min(1).max(50).default(5),
    })
    .default({ perSecond: 300, perDomainPerSecond: 50, connections: 5 }),
  consent: z
    .strictObject({
      default: ConsentRule.default('opt_out'),
      countries: z
        .record(z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code'), ConsentRule)
        .default(Object.fromEntries(OPT_IN_COUNTRIES.map((c) => [c, 'opt_in' as const]))),
    })
    .default({
      default: 'opt_out',
      countries: Object.fromEntries(OPT_IN_COUNTRIES.map((c) => [c, 'opt_in'])),
    }),
  /** Marketing e-mails in any 7 days; 0 = no cap. */
  frequencyCap: z
    .strictObject({
      perPersonPerWeek: z.number().int().min(0).max(1000).default(3),
      perAccountPerWeek: z.number().int().min(0).max(100000).default(20),
    })
    .default({ perPersonPerWeek: 3, perAccountPerWeek: 20 }),
  /** Local hours in which marketing e-mail waits (start ≤ hour or hour < end when start > end). */
  quietHours: z
    .strictObject({ start: Hour, end: Hour, defaultTimeZone: TimeZone.default('UTC') })
    .nullable()
    .default({ start: 20, end: 8, defaultTimeZone: 'UTC' }),
  topics: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[a-z0-9_-]{1,40}$/),
        label: z.string().trim().min(1).max(100),
      }),
    )
    .max(50)
    .default([
      { key: 'newsletter', label: 'Newsletter' },
      { key: 'events', label: 'Events and webinars' },
      { key: 'product', label: 'Product news' },
    ]),
  /** Soft bounces in a row after which the address is suppressed. */
  softBounceLimit: z.number().int().min(1).max(100).default(3),
});
export type EmailConfig = z.infer<typeof EmailConfigSchema>;

/** What PUT /email/settings accepts: the config plus write-only secrets (omitted = keep, null = clear). */
export const EmailSettingsInputSchema = EmailConfigSchema.extend({
  smtp: SmtpSchema.extend({ password: z.string().max(1000).nullable().optional() })
    .nullable()
    .default(null),
  dkim: z
    .strictObject({
      domain: z.string().trim().min(1).max(253),
      selector: z
        .string()
        .trim()
        .min(1)
        .max(63)
        .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash'),
      privateKey: z
        .string()
        .max(20000)
        .regex(/-----BEGIN (RSA |EC )?PRIVATE KEY-----/, 'must be a PEM private key')
        .optional(),
    })
    .nullable()
    .default(null),
});
export type EmailSettingsInput = z.input<typeof EmailSettingsInputSchema>;

/** The settings the sender works with, secrets opened. */
export interface EmailSettings extends EmailConfig {
  /** `smtp` when a server is configured, else every send is a marked dry run. */
  mode: 'smtp' | 'dry-run';
  smtpPassword: string | null;
  dkimPrivateKey: string | null;
  updatedAt: Date | null;
}

/** The settings as the API shows them: never a password or private key, only whether one is set. */
export const EmailSettingsOutSchema = EmailConfigSchema.extend({
  mode: z.enum(['smtp', 'dry-run']),
  hasSmtpPassword: z.boolean(),
  hasDkimPrivateKey: z.boolean(),
});
export type EmailSettingsOut = z.infer<typeof EmailSettingsOutSchema>;

/** The workspace's settings (defaults when none were saved: dry-run). */
export async function loadEmailSettings(db: Kysely<DB>, workspaceId: string): Promise<EmailSettings> {
  const row = await db
    .selectFrom('email_settings')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  const config = EmailConfigSchema.parse(row?.config ?? {});
  return {
    ...config,
    mode: config.smtp ? 'smtp' : 'dry-run',
    smtpPassword: row?.smtp_password ? openSecret(row.smtp_password) : null,
    dkimPrivateKey: row?.dkim_private_key ? openSecret(row.dkim_private_key) : null,
    updatedAt: row?.updated_at ?? null,
  };
}

/** The public view of settings. */
export function settingsOut(settings: EmailSettings): EmailSettingsOut {
  const { smtpPassword, dkimPrivateKey, updatedAt: _, ...config } = settings;
  return { ...config, hasSmtpPassword: smtpPassword !== null, hasDkimPrivateKey: dkimPrivateKey !== null };
}

/**
 * Replace the workspace's settings. Secrets are sealed; an omitted password or private key keeps the
 * stored one, null clears it. Removing `smtp` puts the workspace back into dry-run.
 */
export async function saveEmailSettings(
  db: Kysely<DB>,
  workspaceId: string,
  input: z.output<typeof EmailSettingsInputSchema>,
): Promise<EmailSettings> {
  const { smtp, dkim, ...rest } = input;
  const config: EmailConfig = {
    ...rest,
    smtp: smtp ? { host: smtp.host, port: smtp.port, tls: smtp.tls, user: smtp.user } : null,
    dkim: dkim ? { domain: dkim.domain, selector: dkim.selector } : null,
  };
  const password = smtp === null ? null : smtp.password;
  const privateKey = dkim === null ? null : dkim.privateKey;
  await db
    .insertInto('email_settings')
    .values({
      workspace_id: workspaceId,
      config: JSON.stringify(config),
      smtp_password: password ? sealSecret(password) : null,
      dkim_private_key: privateKey ? sealSecret(privateKey) : null,
    })
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet((eb) => ({
        config: eb.ref('excluded.config'),
        updated_at: new Date(),
        ...(password !== undefined ? { smtp_password: eb.ref('excluded.smtp_password') } : {}),
        ...(privateKey !== undefined ? { dkim_private_key: eb.ref('excluded.dkim_private_key') } : {}),
      })),
    )
    .execute();
  return loadEmailSettings(db, workspaceId);
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
