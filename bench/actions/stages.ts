/**
 * Where an action's time goes, read back from the workflow's history: an Update is a workflow
 * task that accepts it and schedules the projection activity, the activity, and a second
 * workflow task that completes it. The events' times (the server's clock, on the same machine as
 * the client) split the client's latency into stages without instrumenting anything.
 */
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

/** The stages in the order an action passes them. */
export const STAGES = [
  'to Temporal',
  'wft 1 queued',
  'wft 1 runs',
  'activity queued',
  'activity runs',
  'wft 2 queued',
  'wft 2 runs',
  'answer',
] as const;

/** One stage's name. */
export type Stage = (typeof STAGES)[number];

/** One action as the client saw it: which workflow, when it was sent and answered (ms since the epoch). */
export interface TimedAction {
  workflowId: string;
  sentAt: number;
  answeredAt: number;
}

/** Milliseconds spent in each stage by one action. */
export type StageTimes = Record<Stage, number>;

/**
 * What each stage means, for the printed table: the API's part before the Update reaches the
 * server (HTTP, token, scope and task reads, the Update call), each task's wait for a poller and
 * slot, its run, and after the Update completes the API's answer (the task read again, JSON).
 */
export const STAGE_MEANING: Record<Stage, string> = {
  'to Temporal': 'sent → first workflow task scheduled (HTTP, auth, reads, Update RPC)',
  'wft 1 queued': 'workflow task 1 waits for a poller and slot',
  'wft 1 runs': 'workflow task 1: validator, handler up to the activity',
  'activity queued': 'projection activity waits for a poller and slot',
  'activity runs': 'projection activity (the transaction)',
  'wft 2 queued': 'workflow task 2 waits',
  'wft 2 runs': 'workflow task 2: takes the change, completes the Update',
  answer: 'Update completed → client has the answer',
};

const id = (value: unknown): number => Number(value);
const at = (event: HistoryEvent | undefined): number => (event === undefined ? Number.NaN : tsToMs(event.eventTime));

/** The stages of the last Update in `events`; undefined when the history does not hold a completed one. */
export function stagesOf(events: HistoryEvent[], action: TimedAction): StageTimes | undefined {
  const byId = new Map(events.map((event) => [id(event.eventId), event]));
  const acceptedIndex = lastIndexOf(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  if (acceptedIndex < 0) return undefined;
  const before = events.slice(0, acceptedIndex);
  const firstCompleted = before[lastIndexOf(before, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)];
  const after = events.slice(acceptedIndex);
  const scheduled = after.find((event) => event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  if (firstCompleted === undefined || scheduled === undefined) return undefined;
  const started = after.find(
    (event) =>
      event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED &&
      id(event.activityTaskStartedEventAttributes?.scheduledEventId) === id(scheduled.eventId),
  );
  const done = after.find(
    (event) =>
      event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED &&
      id(event.activityTaskCompletedEventAttributes?.scheduledEventId) === id(scheduled.eventId),
  );
  if (done === undefined) return undefined;
  const secondCompleted = events
    .slice(events.indexOf(done))
    .find((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  if (secondCompleted === undefined) return undefined;
  const first = firstCompleted.workflowTaskCompletedEventAttributes;
  const second = secondCompleted.workflowTaskCompletedEventAttributes;
  const wft1Scheduled = at(byId.get(id(first?.scheduledEventId)));
  const wft1Started = at(byId.get(id(first?.startedEventId)));
  const wft2Scheduled = at(byId.get(id(second?.scheduledEventId)));
  const wft2Started = at(byId.get(id(second?.startedEventId)));
  const times: StageTimes = {
    'to Temporal': wft1Scheduled - action.sentAt,
    'wft 1 queued': wft1Started - wft1Scheduled,
    'wft 1 runs': at(firstCompleted) - wft1Started,
    'activity queued': at(started) - at(scheduled),
    'activity runs': at(done) - at(started),
    'wft 2 queued': wft2Started - wft2Scheduled,
    'wft 2 runs': at(secondCompleted) - wft2Started,
    answer: action.answeredAt - at(secondCompleted),
  };
  return Object.values(times).every(Number.isFinite) ? times : undefined;
}

function lastIndexOf(events: HistoryEvent[], type: temporal.api.enums.v1.EventType): number {
  for (let i = events.length - 1; i >= 0; i -= 1) if (events[i]?.eventType === type) return i;
  return -1;
}

/** Reads the histories of `actions` (a sample) and answers each stage's median, in ms. */
export async function medianStages(client: Client, actions: TimedAction[]): Promise<StageTimes | undefined> {
  const measured: StageTimes[] = [];
  for (const action of actions) {
    const history = await client.workflow.getHandle(action.workflowId).fetchHistory();
    const times = stagesOf(history.events ?? [], action);
    if (times !== undefined) measured.push(times);
  }
  if (measured.length === 0) return undefined;
  const medians = {} as StageTimes;
  for (const stage of STAGES)
    medians[stage] = percentile(
      measured.map((times) => times[stage]),
      50,
    );
  return medians;
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
