import { simpleParser } from 'mailparser';

/** One recipient's line of a delivery status notification (RFC 3464). */
export interface RecipientStatus {
  email: string | null;
  action: string;
  status: string;
  diagnostic: string | null;
  /** hard: permanent failure (5.x.x); soft: failed temporarily (4.x.x); delayed: still retrying. */
  outcome: 'hard' | 'soft' | 'delayed' | 'delivered';
}

/** What a report message says, and which send it is about. */
export interface ParsedReport {
  type: 'delivery-status' | 'feedback-report';
  recipients: RecipientStatus[];
  /** ARF `Feedback-Type` (abuse, fraud, not-spam, …). */
  feedbackType: string | null;
  /** The send id from the quoted original (`X-OpenABM-Send`, else our Message-ID's local part). */
  sendId: string | null;
  /** The original's Message-ID, when quoted. */
  originalMessageId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Header-style fields (`Name: value`, continuation lines folded), in groups separated by blank lines. */
export function fieldGroups(text: string): Map<string, string>[] {
  const groups: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (current.size > 0) groups.push(current);
      current = new Map();
      last = null;
    } else if (/^[ \t]/.test(line) && last) {
      current.set(last, `${current.get(last) ?? ''} ${line.trim()}`);
    } else {
      const at = line.indexOf(':');
      if (at <= 0) continue;
      last = line.slice(0, at).trim().toLowerCase();
      current.set(last, line.slice(at + 1).trim());
    }
  }
  if (current.size > 0) groups.push(current);
  return groups;
}

function address(value: string | undefined): string | null {
  if (!value) return null;
  const text = value
    .replace(/^[^;]*;\s*/, '')
    .replace(/[<>]/g, '')
    .trim()
    .toLowerCase();
  return /^[^@\s]+@[^@\s]+$/.test(text) ? text : null;
}

function outcomeOf(action: string, status: string): RecipientStatus['outcome'] {
  if (/^(delivered|relayed|expanded)$/i.test(action)) return 'delivered';
  if (/^delayed$/i.test(action)) return 'delayed';
  return status.startsWith('4') ? 'soft' : 'hard';
}

/**
 * Parse a bounce (a `multipart/report; report-type=delivery-status` DSN, RFC 3464) or a complaint
 * (`report-type=feedback-report`, ARF, RFC 5965) with mailparser; null for any other message. The
 * send is found through the quoted original's headers (`text/rfc822-headers` or `message/rfc822`).
 */
export async function parseDeliveryReport(raw: Buffer | string): Promise<ParsedReport | null> {
  const mail = await simpleParser(raw, {
    keepDeliveryStatus: true,
    ignoreEmbedded: true,
    skipHtmlToText: true,
  });
  const contentType = mail.headers.get('content-type');
  if (!contentType || typeof contentType !== 'object' || !('value' in contentType)) return null;
  const params = 'params' in contentType && typeof contentType.params === 'object' ? contentType.params : {};
  const reportType = String((params as Record<string, unknown>)['report-type'] ?? '').toLowerCase();
  if (contentType.value !== 'multipart/report') return null;
  if (reportType !== 'delivery-status' && reportType !== 'feedback-report') return null;
  const part = (type: string) =>
    mail.attachments.find((a) => a.contentType.toLowerCase() === type)?.content.toString('utf8');
  const original = part('text/rfc822-headers') ?? part('message/rfc822') ?? '';
  const originalHeaders = fieldGroups(original.split(/\r?\n\r?\n/)[0] ?? '')[0] ?? new Map<string, string>();
  const originalMessageId = originalHeaders.get('message-id')?.trim() ?? null;
  const fromHeader = originalHeaders.get('x-openabm-send')?.trim() ?? '';
  const fromMessageId = /^<([^@>]+)@/.exec(originalMessageId ?? '')?.[1] ?? '';
  const sendId = UUID.test(fromHeader)
    ? fromHeader.toLowerCase()
    : UUID.test(fromMessageId)
      ? fromMessageId.toLowerCase()
      : null;

  if (reportType === 'delivery-status') {
    const groups = fieldGroups(part('message/delivery-status') ?? '');
    const recipients = groups.slice(1).flatMap((g): RecipientStatus[] => {
      const action = g.get('action') ?? '';
      const status = (g.get('status') ?? '').split(/\s/)[0] ?? '';
      if (!action) return [];
      return [
        {
          email: address(g.get('final-recipient') ?? g.get('original-recipient')),
          action: action.toLowerCase(),
          status,
          diagnostic: g.get('diagnostic-code')?.replace(/^[^;]*;\s*/, '') ?? null,
          outcome: outcomeOf(action, status),
        },
      ];
    });
    return { type: 'delivery-status', recipients, feedbackType: null, sendId, originalMessageId };
  }
  const report = fieldGroups(part('message/feedback-report') ?? '')[0] ?? new Map<string, string>();
  const email =
    address(report.get('original-rcpt-to') ?? report.get('removal-recipient')) ??
    address(originalHeaders.get('to'));
  return {
    type: 'feedback-report',
    recipients: email ? [{ email, action: 'complaint', status: '', diagnostic: null, outcome: 'hard' }] : [],
    feedbackType: report.get('feedback-type')?.toLowerCase() ?? null,
    sendId,
    originalMessageId,
  };
}
