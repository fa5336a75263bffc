import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { currentToken } from '../api/client';
import { readEventStream, StreamEnded, type StreamedEvent } from './event-stream';

/**
 * How often live screens (the inbox, the notices, the escalation queue) ask the API whether
 * anything changed when the event stream is not open. Each poll sends the last answer's ETag, so
 * an unchanged list costs a 304 and no rendering.
 */
export const LIVE_INTERVAL_MS = 10_000;

/** Events arriving this close together refresh the screens once. */
const SETTLE_MS = 250;
/** Waits between reconnections: from the first, doubling, up to the last. */
const RECONNECT_MS = { first: 1_000, last: 30_000 };

/** Whether the stream is open now; screens poll only while it is not. */
let streamOpen = false;
const listeners = new Set<() => void>();

function setStreamOpen(open: boolean): void {
  if (open === streamOpen) return;
  streamOpen = open;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The `refetchInterval` of a live screen: none while the event stream tells it of changes, the
 * ETag poll of {@link LIVE_INTERVAL_MS} when the stream is down.
 */
export function useLiveInterval(): number | false {
  return useSyncExternalStore(subscribe, () => (streamOpen ? false : LIVE_INTERVAL_MS));
}

/**
 * Keeps GET /events/stream open while someone is signed in and refreshes the screens its events
 * concern: the task lists and queues (TanStack queries `tasks`, `escalations`, `notifications`)
 * and the task itself. Reconnects with the last event's id, so nothing missed is lost; while it
 * is down, the screens fall back to polling.
 */
export function useLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const stop = new AbortController();
    const touched = new Set<string>();
    let all = false;
    let settleTimer: ReturnType<typeof setTimeout> | undefined;
    const refresh = (): void => {
      settleTimer = undefined;
      if (all) void queryClient.invalidateQueries();
      else {
        for (const key of ['tasks', 'escalations', 'notifications'])
          void queryClient.invalidateQueries({ queryKey: [key] });
        for (const taskId of touched) void queryClient.invalidateQueries({ queryKey: ['task', taskId] });
      }
      touched.clear();
      all = false;
    };
    const onEvent = (event: StreamedEvent): void => {
      if (event.type === 'reset') all = true;
      if (event.taskId !== null) touched.add(event.taskId);
      settleTimer ??= setTimeout(refresh, SETTLE_MS);
    };
    void (async () => {
      let lastEventId: string | undefined;
      let opened = false;
      let wait = RECONNECT_MS.first;
      while (!stop.signal.aborted) {
        const token = await currentToken();
        if (token === null) return;
        try {
          await readEventStream({
            url: '/api/v1/events/stream',
            token,
            lastEventId,
            signal: stop.signal,
            onOpen: () => {
              // Reopened with nothing to resume from: whatever changed meanwhile is read afresh.
              if (opened && lastEventId === undefined) settleTimer ??= setTimeout(refresh, SETTLE_MS);
              opened = true;
              setStreamOpen(true);
              wait = RECONNECT_MS.first;
            },
            onEvent: (event) => {
              lastEventId = event.id ?? lastEventId;
              onEvent(event);
            },
          });
        } catch (error) {
          setStreamOpen(false);
          if (stop.signal.aborted) return;
          // Refused for who the person is: polling serves them, and a new sign-in starts afresh.
          if (error instanceof StreamEnded && (error.status === 401 || error.status === 403)) return;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(wait * 2, RECONNECT_MS.last);
      }
    })();
    return () => {
      stop.abort();
      clearTimeout(settleTimer);
      setStreamOpen(false);
    };
  }, [queryClient]);
}
