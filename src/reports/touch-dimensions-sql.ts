import { type RawBuilder, sql } from 'kysely';

/**
 * Channels a touch is counted in. An activity's `channel` property wins; else its type and UTM
 * parameters decide: e-mail, paid ads by source (LinkedIn, Google, Meta, other), events and
 * webinars, sales (meetings, calls), direct mail, intent, organic search and social by referrer,
 * else web. Costs are entered with the same names so ROI can join them.
 */
export const CHANNELS = [
  'email',
  'linkedin_ads',
  'google_ads',
  'meta_ads',
  'ads',
  'events',
  'sales',
  'direct_mail',
  'intent',
  'organic_search',
  'social',
  'web',
] as const;

/** The dimensions a touch is reported by. */
export const TOUCH_DIMENSIONS = ['channel', 'campaign', 'play', 'asset', 'event'] as const;
export type TouchDimension = (typeof TOUCH_DIMENSIONS)[number];

/** SQL expressions over an activities row aliased `a` for each dimension (null where absent). */
export function touchDimensionSql(dimension: TouchDimension): RawBuilder<string | null> {
  switch (dimension) {
    case 'channel':
      return sql<string>`CASE
        WHEN coalesce(a.properties->>'channel', '') <> '' THEN lower(a.properties->>'channel')
        WHEN a.type LIKE 'email%' THEN 'email'
        WHEN a.type LIKE 'ad\\_%' OR lower(coalesce(a.properties->>'utm_medium', ''))
          IN ('cpc', 'ppc', 'paid', 'paid_social', 'paidsocial', 'display', 'social_paid') THEN
          CASE lower(coalesce(a.properties->>'utm_source', a.properties->>'network', ''))
            WHEN 'linkedin' THEN 'linkedin_ads' WHEN 'google' THEN 'google_ads' WHEN 'adwords' THEN 'google_ads'
            WHEN 'facebook' THEN 'meta_ads' WHEN 'meta' THEN 'meta_ads' WHEN 'instagram' THEN 'meta_ads'
            ELSE 'ads' END
        WHEN a.type LIKE 'webinar%' OR a.type LIKE 'event%' THEN 'events'
        WHEN a.type IN ('meeting', 'call', 'sales_email', 'sales_task') THEN 'sales'
        WHEN a.type LIKE 'direct_mail%' OR a.type LIKE 'letter%' THEN 'direct_mail'
        WHEN a.type LIKE 'intent%' THEN 'intent'
        WHEN lower(coalesce(a.properties->>'utm_medium', '')) = 'email' THEN 'email'
        WHEN coalesce(a.properties->>'referrer', '') ~* '(google|bing|duckduckgo|yahoo|baidu|yandex)\\.' THEN 'organic_search'
        WHEN coalesce(a.properties->>'referrer', '') ~* '(linkedin|twitter|facebook|reddit)\\.|//x\\.com|t\\.co/'
          THEN 'social'
        ELSE 'web' END`;
    case 'campaign':
      return sql<
        string | null
      >`coalesce(nullif(a.properties->>'campaign', ''), nullif(a.properties->>'utm_campaign', ''))`;
    case 'play':
      return sql<
        string | null
      >`coalesce(nullif(a.properties->>'play_id', ''), nullif(a.properties->>'play', ''))`;
    case 'event':
      return sql<
        string | null
      >`coalesce(nullif(a.properties->>'event', ''), nullif(a.properties->>'webinar', ''))`;
    case 'asset':
      return sql<
        string | null
      >`coalesce(nullif(a.properties->>'asset', ''), nullif(a.properties->>'asset_id', ''),
        nullif(a.properties->>'content', ''), nullif(a.properties->>'webinar', ''), nullif(a.properties->>'form', ''),
        CASE WHEN a.type IN ('page_view', 'key_page') THEN coalesce(nullif(a.properties->>'path', ''),
          nullif(split_part(regexp_replace(coalesce(a.properties->>'url', ''), '^[a-z]+://[^/]+', '', 'i'), '?', 1), ''))
        END)`;
  }
}
