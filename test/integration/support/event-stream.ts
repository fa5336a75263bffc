/**
 * A test's reader of GET /events/stream: fetch and eventsource-parser, as the console reads it,
 * keeping every event and heartbeat it receives so a test can poll for what it expects.
 */
import { createParser } from 'eventsource-parser';
import type { AnyDondocEvent } from '@dondoc/domain';

/** One frame received: its id (a feed cursor), its type and its event (`reset` has none). */
export interface ReceivedFrame {
  id: string | undefined;
  type: string;
  event: AnyDondocEvent | null;
}

/** An open stream. */
export interface OpenStream {
  status: number;
  contentType: string | null;
  /** Every frame so far, in order. */
  readonly frames: ReceivedFrame[];
  /** Heartbeat comments so far. */
  readonly heartbeats: number;
  /** Whether the server has ended the stream. */
  readonly ended: boolean;
  /** Stops reading (the client leaves). */
  close(): void;
}

/** Opens the stream at `apiRoot` with `authorization`, resuming after `lastEventId` when given. */
export async function openEventStream(
  apiRoot: string,
  authorization: string,
  lastEventId?: string,
): Promise<OpenStream> {
  const abort = new AbortController();
  const headers: Record<string, string> = { authorization, accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const response = await fetch(`${apiRoot}/events/stream`, { headers, signal: abort.signal });
  const frames: ReceivedFrame[] = [];
  let heartbeats = 0;
  let ended = false;
  const parser = createParser({
    onEvent: (message) =>
      frames.push({
        id: message.id,
        type: message.event ?? 'message',
        event: message.event === 'reset' ? null : (JSON.parse(message.data) as AnyDondocEvent),
      }),
    onComment: () => (heartbeats += 1),
  });
  const body = response.body;
  if (response.ok && body !== null) {
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      } catch {
        // aborted by close(), or the connection cut: either way the stream has ended
      }
      ended = true;
    })();
  } else {
    ended = true;
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    frames,
    get heartbeats() {
      return heartbeats;
    },
    get ended() {
      return ended;
    },
    close: () => abort.abort(),
  };
}
