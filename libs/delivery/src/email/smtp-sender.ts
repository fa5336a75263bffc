import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { RenderedEmail } from './email-templates';

/** How Dondoc reaches its SMTP server. */
export interface SmtpSettings {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start): DONDOC_SMTP_URL. */
  url: string;
  /** The sender, e.g. `"Đôn đốc" <dondoc@bac-kan.gov.vn>`: DONDOC_MAIL_FROM. */
  from: string;
  /** Refuse to send unless the connection is encrypted (STARTTLS must succeed). */
  requireTls: boolean;
  /** Check the server's certificate; off only for a local catcher with a self-signed one. */
  rejectUnauthorized: boolean;
  /** Give up on a connection, greeting or reply after this long, so a hung server cannot stall the dispatcher. */
  timeoutMs: number;
}

/** One e-mail to send: the rendered parts, the recipient and the delivery it belongs to. */
export interface OutgoingEmail extends RenderedEmail {
  /** The outbox delivery's id: the Message-ID is derived from it, so a resend is recognisable. */
  deliveryId: string;
  to: string;
}

/**
 * What the SMTP server said: `delivered` (accepted, 2xx), `rejected` (5xx: the address or the
 * message is refused for good, retrying cannot help), or `retry` (4xx, a dropped connection,
 * a time-out).
 */
export type SmtpOutcome =
  | { outcome: 'delivered'; reply: string; messageId: string }
  | { outcome: 'rejected'; reply: string; responseCode: number }
  | { outcome: 'retry'; reply: string; responseCode: number | null };

/** Sends e-mail and says how it went; one per process, shared by every delivery. */
export interface SmtpSender {
  send(email: OutgoingEmail): Promise<SmtpOutcome>;
  /** Closes pooled connections: part of the worker's shutdown. */
  close(): void;
}

/** A header that names the delivery in plain words, beside the encoded Message-ID. */
export const DELIVERY_ID_HEADER = 'X-Dondoc-Delivery-Id';

/**
 * The Message-ID of a delivery's e-mail: `<dondoc.<base64url(id)>@<sender's domain>>`. The same
 * delivery always gives the same id, so a mail client or a receiving system sees a resend as the
 * same message; base64url keeps any delivery id within the characters a Message-ID allows.
 */
export function messageIdOf(deliveryId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'dondoc.invalid';
  return `<dondoc.${Buffer.from(deliveryId, 'utf8').toString('base64url')}@${domain}>`;
}

/** The delivery id a Message-ID of ours carries, or undefined for anyone else's. */
export function deliveryIdOfMessageId(messageId: string): string | undefined {
  const match = /^<dondoc\.([A-Za-z0-9_-]+)@[^>]+>$/.exec(messageId.trim());
  return match?.[1] === undefined ? undefined : Buffer.from(match[1], 'base64url').toString('utf8');
}

/** An SMTP sender over nodemailer with pooled connections. */
export function createSmtpSender(settings: SmtpSettings): SmtpSender {
  const transport: Transporter<SMTPTransport.SentMessageInfo> = nodemailer.createTransport({
    url: settings.url,
    requireTLS: settings.requireTls,
    tls: { rejectUnauthorized: settings.rejectUnauthorized },
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  } as SMTPTransport.Options);
  return {
    async send(email) {
      const messageId = messageIdOf(email.deliveryId, settings.from);
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId,
          headers: { [DELIVERY_ID_HEADER]: email.deliveryId },
        });
        if (info.rejected.length > 0)
          return { outcome: 'rejected', reply: info.response, responseCode: replyCode(info.response) ?? 550 };
        return { outcome: 'delivered', reply: info.response, messageId };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}

/** A failed send as an outcome: a 5xx answer is final, anything else (4xx, network) is retried. */
export function classifySmtpError(error: unknown): SmtpOutcome {
  const details =
    typeof error === 'object' && error !== null
      ? (error as { responseCode?: unknown; response?: unknown; message?: unknown })
      : {};
  const code = typeof details.responseCode === 'number' ? details.responseCode : null;
  const reply =
    typeof details.response === 'string'
      ? details.response
      : typeof details.message === 'string'
        ? details.message
        : String(error);
  if (code !== null && code >= 500 && code < 600) return { outcome: 'rejected', reply, responseCode: code };
  return { outcome: 'retry', reply, responseCode: code };
}

function replyCode(reply: string): number | undefined {
  const code = Number(/^(\d{3})/.exec(reply)?.[1]);
  return Number.isInteger(code) ? code : undefined;
}
