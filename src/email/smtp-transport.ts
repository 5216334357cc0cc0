import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { EmailSettings } from './email-settings.ts';

interface Cached {
  stamp: string;
  transporter: Transporter<SMTPPool.SentMessageInfo>;
}

/**
 * Pooled nodemailer transports, one per workspace, rebuilt when its settings change; connections
 * are reused. Rates are paced before a message reaches the pool (SendRateLimiter, per workspace
 * and per recipient domain).
 */
export class SmtpTransports {
  #cache = new Map<string, Cached>();

  /** The workspace's transport (settings must be in `smtp` mode). */
  get(workspaceId: string, settings: EmailSettings): Transporter<SMTPPool.SentMessageInfo> {
    const smtp = settings.smtp;
    if (!smtp) throw new Error('e-mail settings have no SMTP server (dry-run)');
    const stamp = JSON.stringify([
      smtp,
      settings.smtpPassword,
      settings.rateLimit,
      settings.dkim,
      settings.dkimPrivateKey,
    ]);
    const hit = this.#cache.get(workspaceId);
    if (hit?.stamp === stamp) return hit.transporter;
    hit?.transporter.close();
    const transporter = nodemailer.createTransport({
      pool: true,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.tls === 'tls',
      requireTLS: smtp.tls === 'starttls',
      ignoreTLS: smtp.tls === 'none',
      ...(smtp.user ? { auth: { user: smtp.user, pass: settings.smtpPassword ?? '' } } : {}),
      maxConnections: settings.rateLimit.connections,
      maxMessages: 1000,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
      ...(settings.dkim && settings.dkimPrivateKey
        ? {
            dkim: {
              domainName: settings.dkim.domain,
              keySelector: settings.dkim.selector,
              privateKey: settings.dkimPrivateKey,
              // Gmail's bulk-sender rules: DKIM covers both unsubscribe headers.
              headerFieldNames:
                'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:' +
                'Content-Transfer-Encoding:List-Unsubscribe:List-Unsubscribe-Post:List-Id',
            },
          }
        : {}),
    });
    this.#cache.set(workspaceId, { stamp, transporter });
    return transporter;
  }

  /** Close every pooled connection. */
  close(): void {
    for (const { transporter } of this.#cache.values()) transporter.close();
    this.#cache.clear();
  }
}
