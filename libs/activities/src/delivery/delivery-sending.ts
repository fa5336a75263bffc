/**
 * One attempt of one delivery over its channel: a signed webhook to the subscription as it was
 * at the claim (its URL and secrets come with the claimed row, so a rotation or a disabling
 * applies from the next claim on),
 * or the event's e-mail to the contact or person, rendered in Vietnamese from the templates.
 */
import { personOfTargetId, type AnyDondocEvent } from '@dondoc/domain';
import { renderEventEmail, type EmailTemplates, type SmtpSender, type WebhookSender } from '@dondoc/delivery';
import type { ClaimedDelivery } from './delivery-claims';
import type { Queryable } from './outbox-claims';

/**
 * What an attempt gave: `delivered`; `retry` (a 4xx from SMTP, a non-2xx/410 answer, a network
 * error or a time-out: the back-off decides when); `rejected` (refused for good: an SMTP 5xx);
 * `gone` (410: the subscription is turned off); `cancelled` (the subscription or contact no
 * longer exists or is off, so there is nobody to send to).
 */
export type AttemptOutcome =
  | { kind: 'delivered'; lastStatus: string }
  | { kind: 'retry'; lastStatus: string | null; error: string | null }
  | { kind: 'rejected'; lastStatus: string; error: string }
  | { kind: 'gone'; lastStatus: string }
  | { kind: 'cancelled'; error: string };

/** The channels' senders and what rendering needs. */
export interface DeliveryChannels {
  webhooks: WebhookSender;
  smtp: SmtpSender;
  templates: EmailTemplates;
}

/** Makes one attempt of `delivery` and classifies the answer; never throws for a receiver's failure. */
export async function attemptDelivery(
  db: Queryable,
  channels: DeliveryChannels,
  delivery: ClaimedDelivery,
): Promise<AttemptOutcome> {
  return delivery.channel === 'webhook' ? sendWebhook(channels, delivery) : sendEmail(db, channels, delivery);
}

async function sendWebhook(channels: DeliveryChannels, delivery: ClaimedDelivery): Promise<AttemptOutcome> {
  const subscription = delivery.subscription;
  if (subscription === null) return { kind: 'cancelled', error: 'the subscription was deleted' };
  if (!subscription.active) return { kind: 'cancelled', error: 'the subscription is disabled' };
  const answer = await channels.webhooks.send({
    url: subscription.url,
    webhookId: delivery.id,
    body: JSON.stringify(delivery.payload),
    secrets: { current: subscription.secret, previous: subscription.previousSecret },
  });
  switch (answer.outcome) {
    case 'delivered':
      return { kind: 'delivered', lastStatus: String(answer.status) };
    case 'disable':
      return { kind: 'gone', lastStatus: '410' };
    case 'refused':
      // The URL now leads inside: not sent; it may be re-pointed back, so the back-off goes on.
      return { kind: 'retry', lastStatus: null, error: `refused: ${answer.reason}` };
    case 'retry':
      return {
        kind: 'retry',
        lastStatus: answer.status === null ? null : String(answer.status),
        error: answer.error ?? (answer.status === null ? 'no answer' : `HTTP ${answer.status}`),
      };
  }
}

interface EmailContextRow {
  email: string | null;
  assignee_name: string | null;
  instructions: string | null;
  names: Record<string, string> | null;
}

async function sendEmail(
  db: Queryable,
  channels: DeliveryChannels,
  delivery: ClaimedDelivery,
): Promise<AttemptOutcome> {
  const event = delivery.payload;
  const person = personOfTargetId(delivery.targetId);
  const assignee = assigneeNamedBy(event);
  // A person's address is read now, not at fan-out: a deactivation or a removed e-mail cancels.
  const rows: EmailContextRow[] = await db.query(
    `SELECT CASE WHEN $4::text IS NULL THEN (SELECT email FROM unit_contacts WHERE id::text = $1)
                 ELSE (SELECT email FROM people WHERE unit_id = $4 AND sub = $5 AND active) END AS email,
            (SELECT instructions FROM tasks WHERE id = $2::uuid) AS instructions,
            (SELECT jsonb_object_agg(id, name) FROM units WHERE id = ANY($3::text[])) AS names,
            (SELECT COALESCE(display_name, sub) FROM people WHERE unit_id = $6 AND sub = $7) AS assignee_name`,
    [
      delivery.targetId,
      event.taskId,
      unitsNamedBy(event, delivery.unitId),
      person?.unitId ?? null,
      person?.sub ?? null,
      event.unitId,
      assignee,
    ],
  );
  const context = rows[0];
  if (context?.email == null)
    return {
      kind: 'cancelled',
      error: person === null ? 'the contact was removed' : 'the person was deactivated or has no e-mail',
    };
  const rendered = renderEventEmail(channels.templates, event, {
    unitNames: context.names ?? {},
    recipientUnitId: delivery.unitId,
    instructions: context.instructions,
    assigneeName: assignee === null ? null : (context.assignee_name ?? assignee),
  });
  const answer = await channels.smtp.send({ ...rendered, deliveryId: delivery.id, to: context.email });
  switch (answer.outcome) {
    case 'delivered':
      return { kind: 'delivered', lastStatus: answer.reply };
    case 'rejected':
      return {
        kind: 'rejected',
        lastStatus: answer.reply,
        error: `refused by the mail server (${answer.responseCode})`,
      };
    case 'retry':
      return { kind: 'retry', lastStatus: answer.responseCode === null ? null : answer.reply, error: answer.reply };
  }
}

/** The person a reminder, an overdue notice or an assignment names as handling the task, or null. */
function assigneeNamedBy(event: AnyDondocEvent): string | null {
  switch (event.type) {
    case 'task.reminder':
    case 'task.overdue':
    case 'task.assignee_changed':
      return event.data.assignee ?? null;
    default:
      return null;
  }
}

/** The units an e-mail names: the task's, the recipient, and an escalation's bodies. */
function unitsNamedBy(event: AnyDondocEvent, recipientUnitId: string): string[] {
  const units = [recipientUnitId];
  if (event.unitId !== null) units.push(event.unitId);
  if (event.type === 'escalation.opened') units.push(event.data.coordinatingUnitId);
  if (event.type === 'escalation.climbed') units.push(event.data.coordinatingUnitId, event.data.fromUnitId);
  return units;
}
