/**
 * The names a delivery is known by: its stable id (the `webhook-id` and the Message-ID's basis)
 * and the endpoint its per-endpoint limit and circuit are keyed by.
 */
import { createHash } from 'node:crypto';
import type { DeliveryChannel } from '@dondoc/domain';

/**
 * The delivery's id: `msg_` and a hash of the event id, the channel and the target id. The same
 * three always give the same id, so a repeated fan-out inserts nothing new and a receiver sees
 * every retry of one delivery under one `webhook-id`; the hash keeps it short and URL-safe.
 */
export function deliveryId(eventId: string, channel: DeliveryChannel, targetId: string): string {
  const digest = createHash('sha256').update(`${eventId}\n${channel}\n${targetId}`).digest('base64url');
  return `msg_${digest.slice(0, 32)}`;
}

/**
 * What a delivery's limit and circuit are keyed by: a webhook's origin (scheme, host and port, so
 * two subscriptions on one dead host share one circuit), or `email` (every e-mail goes through
 * the one SMTP server).
 */
export function endpointOf(channel: DeliveryChannel, target: string): string {
  if (channel === 'email') return 'email';
  try {
    return `webhook:${new URL(target).origin}`;
  } catch {
    return `webhook:${target}`;
  }
}
