import { isbot } from 'isbot';

/** Opens this soon after sending are almost always security scanners or prefetchers. */
const TOO_FAST_SECONDS = 5;

/**
 * Why an email open/click looks automated, or null when it looks human: a crawler user agent (isbot),
 * Apple Mail Privacy Protection (bare `Mozilla/5.0` user agent or Apple's 17.0.0.0/8 proxies), Google's
 * and Yahoo's image proxies (they fetch on the reader's behalf, so the open is real but the IP/UA are the
 * proxy's), or a hit within seconds of sending.
 */
export function detectBotOpen(input: {
  userAgent: string | null;
  ip: string | null;
  sentAt: Date;
  at: Date;
}): string | null {
  const ua = (input.userAgent ?? '').trim();
  if (/GoogleImageProxy|ggpht\.com/i.test(ua)) return 'google_image_proxy';
  if (/YahooMailProxy/i.test(ua)) return 'yahoo_mail_proxy';
  if (ua === 'Mozilla/5.0' || /^17\./.test(input.ip ?? '')) return 'apple_mail_privacy';
  if (!ua || isbot(ua)) return 'bot_user_agent';
  if ((input.at.getTime() - input.sentAt.getTime()) / 1000 < TOO_FAST_SECONDS) return 'too_soon_after_send';
  return null;
}
