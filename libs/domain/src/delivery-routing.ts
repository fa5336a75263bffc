import { CONTACT_TOPIC_OF_EVENT, isPersonEventType, type AnyDondocEvent, type ContactTopic } from './event-catalogue';
import type { WorkingCalendar } from './calendar';
import { deliveryWindow, type WorkingHours } from './working-hours';

/**
 * How an event reaches a unit: a signed webhook to an API client, or an e-mail to a contact.
 * Declared once here so the table's CHECK, the dispatcher and the API name the same two.
 */
export const DELIVERY_CHANNELS = ['webhook', 'email'] as const;
/** One channel. */
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * A delivery's life: `pending` (due at `next_attempt_at`), `held` (waiting for working hours),
 * `delivered`, `failed` (the retry window passed, or the receiver refused for good; re-sendable by
 * hand), `cancelled` (its subscription was turned off before it went).
 */
export const DELIVERY_STATUSES = ['pending', 'held', 'delivered', 'failed', 'cancelled'] as const;
/** One status of a delivery. */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** The statuses the dispatcher still has work for: what the claim and the backlog count. */
export const OPEN_DELIVERY_STATUSES = ['pending', 'held'] as const satisfies readonly DeliveryStatus[];

/** A unit's webhook subscription as routing needs it. */
export interface RoutableSubscription {
  id: string;
  unitId: string;
  url: string;
  events: readonly string[];
}

/** A unit's contact as routing needs it: what it chose, and whether each notice or a digest. */
export interface RoutableContact {
  id: string;
  unitId: string;
  email: string;
  topics: readonly string[];
  mode: 'each' | 'digest';
}

/**
 * A person of a unit as routing needs it: their e-mail is a contact of their unit for the tasks
 * they handle, unless they are deactivated, have no e-mail, or muted the notice's topic.
 */
export interface RoutablePerson {
  unitId: string;
  sub: string;
  email: string | null;
  active: boolean;
  /** The contact topics (`reminder`, `overdue`, …) the person chose not to be e-mailed about. */
  mutedTopics: readonly string[];
}

/** The prefix of a person's delivery target id (`person:<unitId>/<sub>`), which no contact's uuid has. */
export const PERSON_TARGET_PREFIX = 'person:';

/** The delivery target id of a person: stable, so the delivery id derived from it is too. */
export function personTargetId(unitId: string, sub: string): string {
  return `${PERSON_TARGET_PREFIX}${unitId}/${sub}`;
}

/** The unit and sub a person's target id names, or null when the target is not a person. */
export function personOfTargetId(targetId: string): { unitId: string; sub: string } | null {
  if (!targetId.startsWith(PERSON_TARGET_PREFIX)) return null;
  const rest = targetId.slice(PERSON_TARGET_PREFIX.length);
  const slash = rest.indexOf('/');
  return slash <= 0 ? null : { unitId: rest.slice(0, slash), sub: rest.slice(slash + 1) };
}

/**
 * The person an event is about, who is e-mailed besides the unit's contacts: the assignee a
 * reminder or overdue notice names; for a returned report, the task's current assignee
 * (`currentAssignee`, read by the caller); the person a task was assigned to by someone else (not
 * one who claimed it themselves, nor a cleared assignment); the person a comment is addressed to.
 * Escalations and the other events name nobody: they go to units only.
 */
export function personToldOf(
  event: AnyDondocEvent,
  currentAssignee: string | null,
): { unitId: string; sub: string } | null {
  const inTaskUnit = (sub: string | null | undefined): { unitId: string; sub: string } | null =>
    sub == null || event.unitId === null ? null : { unitId: event.unitId, sub };
  switch (event.type) {
    case 'task.reminder':
    case 'task.overdue':
      return inTaskUnit(event.data.assignee);
    case 'task.returned':
      return inTaskUnit(currentAssignee);
    case 'task.assignee_changed':
      return event.data.action === 'assign' && event.data.by.sub !== event.data.assignee
        ? inTaskUnit(event.data.assignee)
        : null;
    case 'comment.added':
      return event.data.recipientSub === null
        ? null
        : { unitId: event.data.recipientUnitId, sub: event.data.recipientSub };
    default:
      return null;
  }
}

/** True when the person is e-mailed about the event: active, with an e-mail, the topic not muted. */
export function personWants(person: RoutablePerson, event: AnyDondocEvent): boolean {
  if (!person.active || person.email === null || person.email.trim() === '') return false;
  const topic = CONTACT_TOPIC_OF_EVENT[event.type];
  return topic === null || !person.mutedTopics.includes(topic);
}

/** What routing knows of people: the people of the units told, and the task's current assignee by task id. */
export interface PersonRouting {
  people: readonly RoutablePerson[];
  currentAssignees: Readonly<Record<string, string | null>>;
}

/** One delivery an event gives: to which unit's subscription or contact, over which channel. */
export interface DeliveryTarget {
  channel: DeliveryChannel;
  /** The unit told (an escalation's coordinating body, not the late unit). */
  unitId: string;
  /** The subscription's or the contact's id, or a person's `personTargetId`. */
  targetId: string;
  /** The URL or the e-mail address. */
  target: string;
}

/**
 * The units told of an event, as the notifications rows address them: a task's own events go to
 * its unit; an escalation that opens goes to the coordinating body; one that climbs goes to the
 * body it reaches and the one it leaves. A `ping` is addressed to one subscription, not to units
 * (see `routeEvent`).
 */
export function unitsToldOf(event: AnyDondocEvent): string[] {
  switch (event.type) {
    case 'escalation.opened':
      return [event.data.coordinatingUnitId];
    case 'escalation.climbed':
      return unique([event.data.coordinatingUnitId, event.data.fromUnitId].filter((unit) => unit !== ''));
    case 'ping':
      return [];
    default:
      return event.unitId === null ? [] : [event.unitId];
  }
}

/** True when a contact's choice covers the event: `all` or the event's topic. Digest contacts are never sent a notice alone. */
export function contactWants(contact: RoutableContact, event: AnyDondocEvent): boolean {
  if (contact.mode !== 'each' || !isPersonEventType(event.type)) return false;
  const topic: ContactTopic | null = CONTACT_TOPIC_OF_EVENT[event.type];
  return contact.topics.includes('all') || (topic !== null && contact.topics.includes(topic));
}

/**
 * Every delivery an event gives: for each unit told, its subscriptions whose `events` name the
 * type, and its `each` contacts whose topics cover it; and, when the event names a person of the
 * task's unit (`personToldOf`) who wants it (`personWants`), an e-mail to that person, listed
 * first. A `ping` goes to the subscription its data names, and nowhere else. Subscriptions,
 * contacts and people of other units are ignored, so a caller may pass more than it read for this
 * event. Duplicates (a unit told twice) are removed, and an address is e-mailed once: a person
 * whose e-mail is also a contact's that receives the event gets the contact's delivery only.
 */
export function routeEvent(
  event: AnyDondocEvent,
  subscriptions: readonly RoutableSubscription[],
  contacts: readonly RoutableContact[],
  people: PersonRouting = { people: [], currentAssignees: {} },
): DeliveryTarget[] {
  if (event.type === 'ping') {
    const named = pingSubscriptionId(event);
    return subscriptions
      .filter((subscription) => subscription.id === named)
      .map((subscription) => webhookTarget(subscription));
  }
  const units = new Set(unitsToldOf(event));
  const targets: DeliveryTarget[] = [];
  for (const subscription of subscriptions)
    if (units.has(subscription.unitId) && subscription.events.includes(event.type))
      targets.push(webhookTarget(subscription));
  for (const contact of contacts)
    if (units.has(contact.unitId) && contactWants(contact, event))
      targets.push({ channel: 'email', unitId: contact.unitId, targetId: contact.id, target: contact.email });
  const person = personTarget(event, people, targets);
  if (person !== null) targets.unshift(person);
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = `${target.channel}|${target.targetId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The person's e-mail target for the event, or null when nobody is named, wants it, or their address already receives it. */
function personTarget(
  event: AnyDondocEvent,
  routing: PersonRouting,
  targets: readonly DeliveryTarget[],
): DeliveryTarget | null {
  const named = personToldOf(event, event.taskId === null ? null : (routing.currentAssignees[event.taskId] ?? null));
  if (named === null) return null;
  const { unitId, sub } = named;
  const person = routing.people.find((candidate) => candidate.unitId === unitId && candidate.sub === sub);
  if (person?.email == null || !personWants(person, event)) return null;
  const address = person.email.trim().toLowerCase();
  if (targets.some((target) => target.channel === 'email' && target.target.trim().toLowerCase() === address))
    return null;
  return { channel: 'email', unitId, targetId: personTargetId(unitId, sub), target: person.email };
}

/** The working-hours settings that decide holding. */
export interface HoldingRules {
  workingHours: WorkingHours;
  /** Whether escalations wait for working hours too (DONDOC_HOLD_ESCALATIONS). */
  holdEscalations: boolean;
}

/** When a delivery is first due and whether it waits for working hours to get there. */
export interface DeliveryStart {
  status: Extract<DeliveryStatus, 'pending' | 'held'>;
  /** The notice's own instant: the schedule's (`data.scheduledAt`) when it has one, else when it happened. */
  scheduledFor: number;
  /** When it is first tried: `scheduledFor`, or the start of the next working period when held. */
  nextAttemptAt: number;
}

/**
 * When an e-mail of a reminder, overdue notice (and, by the setting, an escalation) whose
 * instant falls outside working hours is sent: held until the next working period starts. Only
 * e-mail to people is held; a webhook goes at once, since the API client behind it decides
 * itself when to bother anyone, and every other event goes at once.
 */
export function deliveryStart(
  event: AnyDondocEvent,
  channel: DeliveryChannel,
  rules: HoldingRules,
  calendar: WorkingCalendar,
): DeliveryStart {
  const scheduledFor = scheduledInstant(event);
  if (channel !== 'email' || !isHeldKind(event, rules))
    return { status: 'pending', scheduledFor, nextAttemptAt: scheduledFor };
  const window = deliveryWindow(scheduledFor, rules.workingHours, calendar);
  return window.inside
    ? { status: 'pending', scheduledFor, nextAttemptAt: scheduledFor }
    : { status: 'held', scheduledFor, nextAttemptAt: window.sendAt };
}

/** The notice's instant: the schedule's when the event carries one, else when it happened. */
export function scheduledInstant(event: AnyDondocEvent): number {
  const data: object = event.data;
  const scheduledAt = 'scheduledAt' in data && typeof data.scheduledAt === 'string' ? data.scheduledAt : undefined;
  const instant = Date.parse(scheduledAt ?? event.occurredAt);
  return Number.isFinite(instant) ? instant : Date.parse(event.occurredAt);
}

function isHeldKind(event: AnyDondocEvent, rules: HoldingRules): boolean {
  switch (event.type) {
    case 'task.reminder':
    case 'task.overdue':
      return true;
    case 'escalation.opened':
    case 'escalation.climbed':
      return rules.holdEscalations;
    default:
      return false;
  }
}

/** The subscription a `ping` names (`data.subscriptionId`), or undefined. */
function pingSubscriptionId(event: AnyDondocEvent): string | undefined {
  return event.type === 'ping' ? event.data.subscriptionId : undefined;
}

function webhookTarget(subscription: RoutableSubscription): DeliveryTarget {
  return { channel: 'webhook', unitId: subscription.unitId, targetId: subscription.id, target: subscription.url };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
