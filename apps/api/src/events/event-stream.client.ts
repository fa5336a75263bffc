import type { Response } from 'express';
import type { Scope } from '../scope/scope';
import { feedCursorOf, type FeedEntry, type FeedPosition } from './event-feed.reader';

/** How long a browser waits before it reconnects after the stream ends (the SSE `retry` field). */
export const RECONNECT_AFTER_MS = 3_000;

/**
 * One open `text/event-stream` answer: writes the frames, and ends the stream rather than queue
 * without bound for a reader that does not keep up (it reconnects with `Last-Event-ID` and reads
 * what it missed from the database, so nothing is lost, only delayed).
 */
export class StreamClient {
  /** Live events that arrive while the client still reads what it missed; null once it has caught up. */
  private pending: FeedEntry[] | null;
  private ended = false;

  constructor(
    private readonly res: Response,
    /** What the person reads (read once, when the stream opens). */
    readonly scope: Scope,
    /** `unit/sub`: who holds the stream, for the per-person limit. */
    readonly person: string,
    /** The last event the client says it has (`Last-Event-ID`); null for none. */
    private readonly resumedFrom: FeedPosition | null,
    private readonly maxBufferedBytes: number,
  ) {
    this.pending = resumedFrom === null ? null : [];
  }

  get closed(): boolean {
    return this.ended || this.res.writableEnded || this.res.destroyed;
  }

  /** Sends the status line, headers and the reconnection delay. */
  start(): void {
    this.res.status(200);
    this.res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    // no-transform: a proxy must not compress (and so hold back) the frames.
    this.res.setHeader('cache-control', 'no-cache, no-transform');
    this.res.setHeader('x-accel-buffering', 'no');
    this.res.flushHeaders();
    this.write(`retry: ${RECONNECT_AFTER_MS}\n\n`);
  }

  /** An event of the hub's tail: sent now, or kept until the catch-up is done. */
  deliver(entry: FeedEntry): void {
    if (this.pending !== null) this.pending.push(entry);
    else this.send(entry);
  }

  /** Sends one event if the person reads it and the client does not have it already. */
  send(entry: FeedEntry): void {
    if (!this.scope.streamsEvent(entry.event, entry.unitAncestry) || this.alreadyHas(entry.position)) return;
    const data = JSON.stringify(entry.event);
    this.write(`id: ${feedCursorOf(entry.position)}\nevent: ${entry.event.type}\ndata: ${data}\n\n`);
  }

  /** The catch-up is done: what arrived meanwhile goes out in order, and from now on events go straight out. */
  caughtUp(): void {
    const pending = this.pending ?? [];
    this.pending = null;
    for (const entry of pending) this.send(entry);
  }

  /** Tells the client it missed more than a stream replays: it should read its screens afresh. */
  reset(position: FeedPosition): void {
    this.write(`id: ${feedCursorOf(position)}\nevent: reset\ndata: {}\n\n`);
  }

  /** A comment line: keeps proxies and the client's idle timers from closing a quiet stream. */
  heartbeat(): void {
    this.write(': keep-alive\n\n');
  }

  end(): void {
    if (this.closed) return;
    this.ended = true;
    this.res.end();
  }

  /**
   * A live event at or before the position the client resumed from: it came through another
   * replica whose tail was ahead of this one's. Ties on the same microsecond are sent again unless
   * it is that very event (event ids are stable, so a client can tell a repeat).
   */
  private alreadyHas(position: FeedPosition): boolean {
    const from = this.resumedFrom;
    if (from === null) return false;
    const [mine, theirs] = [BigInt(position.createdMicros), BigInt(from.createdMicros)];
    return mine < theirs || (mine === theirs && position.id === from.id);
  }

  private write(frame: string): void {
    if (this.closed) return;
    this.res.write(frame);
    if (this.res.writableLength > this.maxBufferedBytes) this.end();
  }
}
