import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { UnavailableError } from '../errors/errors';
import type { Scope } from '../scope/scope';
import { API_SETTINGS, type ApiSettings } from '../settings';
import { readSettledEvents, settledFeedPosition, type FeedPosition } from './event-feed.reader';
import { StreamClient } from './event-stream.client';

/** Events read from the database at once, by the tail and by a catch-up. */
const BATCH = 500;

/** Who opens a stream, and from where. */
export interface StreamRequest {
  res: Response;
  scope: Scope;
  person: string;
  /** The client's `Last-Event-ID`: events after it are replayed first. */
  resumeFrom: FeedPosition | null;
}

/**
 * The live end of the event feed (GET /events/stream). One tail per API process, whatever the
 * number of clients: while anyone listens, it reads the outbox's settled events after its
 * position every `pollMs` (the same gap-free read as GET /events) and hands each to every open
 * stream, which sends it if its person reads it.
 *
 * A tail rather than LISTEN/NOTIFY: the outbox is written by the worker's projection transactions
 * and a few of the API's own; a query over the feed's order needs no change to any writer, no
 * trigger and no dedicated connection, reaches a client on any replica (they read one database),
 * and cannot lose a notification when a connection drops: its position is the truth. The price is
 * up to `pollMs` of delay and one cheap indexed query per interval per process, only while someone
 * listens.
 */
@Injectable()
export class EventStreamHub implements OnModuleDestroy {
  private readonly logger = new Logger('EventStream');
  private readonly clients = new Set<StreamClient>();
  /** Where the tail reads on from; null while nobody listens. */
  private position: FeedPosition | null = null;
  private tailTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  /** Counts the tail's starts, so a read still running from before the last stop does not go on. */
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /** Streams open in this process (for tests and metrics). */
  get openStreams(): number {
    return this.clients.size;
  }

  /**
   * Opens the stream: refuses (503, before any byte is sent) when the process or the person holds
   * too many, replays what the client missed since `Last-Event-ID`, then stays live until the
   * client leaves or the process stops.
   */
  async open(request: StreamRequest): Promise<void> {
    const limits = this.settings.eventStream;
    if (this.stopping) throw new UnavailableError('the API is shutting down; connect again');
    if (this.clients.size >= limits.maxStreams)
      throw new UnavailableError(`this API replica already serves ${limits.maxStreams} event streams`);
    const held = [...this.clients].filter((client) => client.person === request.person).length;
    if (held >= limits.maxStreamsPerPerson)
      throw new UnavailableError(`${request.person} already holds ${limits.maxStreamsPerPerson} event streams`, 30);
    await this.startTail();
    // From here to `add` in one turn: the tail hands the client every event after `upTo`.
    const upTo = this.position;
    if (upTo === null) throw new UnavailableError('the API is shutting down; connect again');
    const client = new StreamClient(
      request.res,
      request.scope,
      request.person,
      request.resumeFrom,
      limits.maxBufferedBytes,
    );
    this.clients.add(client);
    request.res.on('close', () => this.leave(client));
    // The client may have gone while the tail started; then 'close' has been and gone.
    if (request.res.destroyed) return this.leave(client);
    client.start();
    if (request.resumeFrom !== null) await this.catchUp(client, request.resumeFrom, upTo);
  }

  /** Ends every stream and the tail: the process is stopping, and clients reconnect to another replica. */
  onModuleDestroy(): void {
    this.stopping = true;
    clearTimeout(this.tailTimer);
    clearInterval(this.heartbeatTimer);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  /** Starts the tail at the settled end of the feed unless it runs. */
  private async startTail(): Promise<void> {
    if (this.position !== null) return;
    const position = await settledFeedPosition(this.dataSource);
    // Another stream may have started it while this one waited, or the process began to stop.
    if (this.position !== null || this.stopping) return;
    this.position = position;
    this.generation += 1;
    const generation = this.generation;
    this.tailTimer = setTimeout(() => void this.tail(generation), this.settings.eventStream.pollMs);
    this.heartbeatTimer = setInterval(() => {
      for (const client of this.clients) client.heartbeat();
    }, this.settings.eventStream.heartbeatMs);
  }

  private leave(client: StreamClient): void {
    this.clients.delete(client);
    if (this.clients.size > 0 || this.stopping) return;
    clearTimeout(this.tailTimer);
    clearInterval(this.heartbeatTimer);
    this.position = null;
    this.generation += 1;
  }

  /** One read of the tail; schedules the next at once when a full batch came back, else after `pollMs`. */
  private async tail(generation: number): Promise<void> {
    const from = this.position;
    if (from === null || this.stopping || generation !== this.generation) return;
    let full = false;
    try {
      const entries = await readSettledEvents(this.dataSource, { after: from, limit: BATCH });
      full = entries.length > BATCH;
      // Dispatch and move on in one turn, so a stream registering meanwhile sees a consistent position.
      if (generation === this.generation) {
        for (const entry of entries.slice(0, BATCH)) {
          for (const client of this.clients) client.deliver(entry);
          this.position = entry.position;
        }
      }
    } catch (error) {
      this.logger.warn(`reading the event feed failed; trying again: ${String(error)}`);
    }
    if (this.position === null || this.stopping || generation !== this.generation) return;
    this.tailTimer = setTimeout(() => void this.tail(generation), full ? 0 : this.settings.eventStream.pollMs);
  }

  /**
   * Replays the events after `after` up to `upTo` (where the tail stood when the client joined)
   * that the person reads, at most `maxReplay` of them looked at; beyond that the client is told
   * to `reset` (read its screens afresh) instead of receiving a backlog.
   */
  private async catchUp(client: StreamClient, after: FeedPosition, upTo: FeedPosition): Promise<void> {
    let from = after;
    let looked = 0;
    try {
      for (;;) {
        const entries = await readSettledEvents(this.dataSource, { after: from, upTo, limit: BATCH });
        for (const entry of entries.slice(0, BATCH)) client.send(entry);
        looked += Math.min(entries.length, BATCH);
        const last = entries[Math.min(entries.length, BATCH) - 1];
        if (entries.length <= BATCH || last === undefined || client.closed) break;
        if (looked >= this.settings.eventStream.maxReplay) {
          client.reset(upTo);
          break;
        }
        from = last.position;
      }
    } catch (error) {
      this.logger.warn(`replaying the event feed failed; the client will reconnect: ${String(error)}`);
      client.end();
      return;
    }
    client.caughtUp();
  }
}
