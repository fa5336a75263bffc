import { EnvReader, readPublicUrl } from '@dondoc/config';
import {
  ValidationError,
  backoffPolicyFromSettings,
  parseWorkingHours,
  type BackoffPolicy,
  type WorkingHours,
} from '@dondoc/domain';
import type { SmtpSettings } from './email/smtp-sender';

/** Every setting of notice delivery, read from the environment once at start-up. */
export interface DeliverySettings {
  smtp: SmtpSettings;
  /** The base of the links in e-mails and events (`DONDOC_PUBLIC_URL`), e.g. https://dondoc.bac-kan.gov.vn. */
  publicUrl: string;
  webhook: { allowPrivate: boolean; timeoutMs: number };
  workingHours: WorkingHours;
  /** Whether escalations wait for working hours like reminders (DONDOC_HOLD_ESCALATIONS, default true). */
  holdEscalations: boolean;
  backoff: BackoffPolicy;
}

/**
 * Reads the delivery settings; every problem is collected into the reader, so a newcomer sees
 * them all at once when the caller calls `reader.done()`.
 *
 * | variable | default |
 * |---|---|
 * | DONDOC_SMTP_URL | smtp://127.0.0.1:1025 (the local mail catcher) |
 * | DONDOC_MAIL_FROM | "Đôn đốc" <dondoc@localhost> |
 * | DONDOC_SMTP_REQUIRE_TLS | false |
 * | DONDOC_SMTP_TLS_REJECT_UNAUTHORIZED | true |
 * | DONDOC_SMTP_TIMEOUT_MS | 15000 |
 * | DONDOC_PUBLIC_URL | http://127.0.0.1:3000 |
 * | DONDOC_WEBHOOK_ALLOW_PRIVATE | false |
 * | DONDOC_WEBHOOK_TIMEOUT_MS | 10000 |
 * | DONDOC_WORKING_HOURS | 07:30-17:00 (or `always`) |
 * | DONDOC_HOLD_ESCALATIONS | true |
 * | DONDOC_DELIVERY_RETRY_WINDOW | PT24H |
 */
export function readDeliverySettings(reader: EnvReader = new EnvReader()): DeliverySettings {
  const flag = (name: string, fallback: boolean): boolean =>
    reader.oneOf(name, fallback ? 'true' : 'false', ['true', 'false'] as const) === 'true';
  const smtp: SmtpSettings = {
    url: reader.url('DONDOC_SMTP_URL', 'smtp://127.0.0.1:1025', ['smtp:', 'smtps:']),
    from: reader.string('DONDOC_MAIL_FROM', '"Đôn đốc" <dondoc@localhost>'),
    requireTls: flag('DONDOC_SMTP_REQUIRE_TLS', false),
    rejectUnauthorized: flag('DONDOC_SMTP_TLS_REJECT_UNAUTHORIZED', true),
    timeoutMs: reader.integer('DONDOC_SMTP_TIMEOUT_MS', 15_000, 100, 300_000),
  };
  if (!/@[^\s@>]+>?\s*$/.test(smtp.from))
    reader.problems.push(
      `DONDOC_MAIL_FROM=${smtp.from} must be an e-mail address, such as "Đôn đốc" <dondoc@example.gov.vn>`,
    );
  const publicUrl = readPublicUrl(reader);
  const webhook = {
    allowPrivate: flag('DONDOC_WEBHOOK_ALLOW_PRIVATE', false),
    timeoutMs: reader.integer('DONDOC_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
  };
  const workingHours = parseSetting(reader, () => parseWorkingHours(reader.string('DONDOC_WORKING_HOURS', '')), {
    kind: 'always',
  });
  const holdEscalations = flag('DONDOC_HOLD_ESCALATIONS', true);
  const backoff = parseSetting(
    reader,
    () => backoffPolicyFromSettings(reader.string('DONDOC_DELIVERY_RETRY_WINDOW', '')),
    backoffPolicyFromSettings(undefined),
  );
  return { smtp, publicUrl, webhook, workingHours, holdEscalations, backoff };
}

/** Runs a domain parser, turning its ValidationError into one of the reader's problems. */
function parseSetting<T>(reader: EnvReader, parse: () => T, fallback: T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    reader.problems.push(error.message);
    return fallback;
  }
}
