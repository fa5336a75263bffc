import { createParser } from 'eventsource-parser';

/** One event of GET /events/stream, as the console needs it: its cursor, its type, its task. */
export interface StreamedEvent {
  /** The feed cursor: sent back as `Last-Event-ID` when the stream reconnects. */
  id: string | undefined;
  /** A type of the event catalogue, or `reset` (the client missed too much: read everything afresh). */
  type: string;
  taskId: string | null;
}

/** Why a stream ended without the caller asking: the API refused it (with its status), or the connection broke. */
export class StreamEnded extends Error {
  constructor(readonly status: number | null) {
    super(status === null ? 'the event stream ended' : `the event stream was refused (${status})`);
    this.name = 'StreamEnded';
  }
}

/** What {@link readEventStream} reads and whom it tells. */
export interface StreamReading {
  url: string;
  token: string;
  lastEventId: string | undefined;
  signal: AbortSignal;
  onOpen(): void;
  onEvent(event: StreamedEvent): void;
}

/**
 * Reads server-sent events with fetch, so the request carries the bearer token (a browser's
 * EventSource cannot send headers); eventsource-parser splits the frames. Resolves never: it
 * throws {@link StreamEnded} when the stream ends or is refused, or the AbortError of `signal`.
 */
export async function readEventStream(reading: StreamReading): Promise<never> {
  const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${reading.token}` };
  if (reading.lastEventId !== undefined) headers['last-event-id'] = reading.lastEventId;
  const response = await fetch(reading.url, { headers, signal: reading.signal, cache: 'no-store' });
  const body = response.body;
  if (!response.ok || body === null) throw new StreamEnded(response.status);
  reading.onOpen();
  const parser = createParser({
    onEvent: (message) =>
      reading.onEvent({ id: message.id, type: message.event ?? 'message', taskId: taskIdOf(message.data) }),
  });
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new StreamEnded(null);
    parser.feed(value);
  }
}

function taskIdOf(data: string): string | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed === 'object' && parsed !== null && 'taskId' in parsed && typeof parsed.taskId === 'string')
      return parsed.taskId;
  } catch {
    // a frame that is not an event (reset's `{}` parses; anything else is ignored)
  }
  return null;
}
