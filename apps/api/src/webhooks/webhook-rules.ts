/**
 * What a webhook subscription must be, as pure checks: the API's service runs them with the URL
 * guard of libs/delivery, and the unit tests run them alone.
 */
import { EVENT_TYPES, isEventType, type EventType } from '@dondoc/domain';

/** The events a subscription may name: every type of the catalogue but `ping`, which only a test sends. */
export const SUBSCRIBABLE_EVENT_TYPES: readonly Exclude<EventType, 'ping'>[] = EVENT_TYPES.filter(
  (type): type is Exclude<EventType, 'ping'> => type !== 'ping',
);

/** The most events one subscription names (the catalogue's size: more would repeat one). */
export const MAX_SUBSCRIBED_EVENTS = SUBSCRIBABLE_EVENT_TYPES.length;

/** A field's problem, as a 400 lists it. */
export interface WebhookProblem {
  field: string;
  problem: string;
}

/**
 * The problems of a subscription's `events`, each naming its element (`events[2]`): not a name of
 * the catalogue, `ping`, or a name given twice. An empty list is a problem of `events` itself.
 */
export function subscribedEventProblems(events: readonly unknown[]): WebhookProblem[] {
  if (events.length === 0)
    return [{ field: 'events', problem: `must name at least one of: ${SUBSCRIBABLE_EVENT_TYPES.join(', ')}` }];
  const problems: WebhookProblem[] = [];
  const seen = new Set<unknown>();
  events.forEach((event, i) => {
    const field = `events[${i}]`;
    if (event === 'ping')
      problems.push({ field, problem: 'is sent only by POST /webhooks/:id/test; it cannot be subscribed to' });
    else if (!isEventType(event))
      problems.push({
        field,
        problem: `must be an event of the catalogue: ${SUBSCRIBABLE_EVENT_TYPES.join(', ')} (got ${String(event)})`,
      });
    else if (seen.has(event)) problems.push({ field, problem: `names ${event} a second time` });
    seen.add(event);
  });
  return problems;
}
