import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** The Standard Webhooks prefix of a signing secret: what a receiver's library expects. */
const SECRET_PREFIX = 'whsec_';

/** The three headers of a Standard Webhooks request. */
export interface WebhookSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * A new signing secret (`whsec_` + 32 random bytes, base64), shown once to the subscriber. 32
 * bytes is HMAC-SHA256's block-strength key size; the spec asks for 24 to 64.
 */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * The secrets a subscription signs with now: the current one, and during a rotation's grace
 * period the previous one too. Order does not matter to a receiver; the current one comes first.
 */
export interface SigningSecrets {
  current: string;
  /** The secret before the last rotation, while its grace period lasts; null after. */
  previous: string | null;
}

/**
 * Signs a webhook per the Standard Webhooks specification: HMAC-SHA256 over
 * `<id>.<timestamp>.<body>`, once per secret, the signatures space-separated in one
 * `webhook-signature` header (`v1,<a> v1,<b>`). A receiver still holding the old secret and one
 * already holding the new secret both find a signature they can verify, so a rotation never
 * makes a delivery unverifiable. The signing itself is the maintained `standardwebhooks` package.
 */
export function signWebhook(
  webhookId: string,
  sentAt: Date,
  body: string,
  secrets: SigningSecrets,
): WebhookSignatureHeaders {
  const keys =
    secrets.previous === null || secrets.previous === secrets.current
      ? [secrets.current]
      : [secrets.current, secrets.previous];
  const signatures = keys.map((secret) => new Webhook(secret).sign(webhookId, sentAt, body));
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
