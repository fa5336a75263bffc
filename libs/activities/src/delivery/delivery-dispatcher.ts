/**
 * The dispatcher: two loops in the worker process, beside the Temporal worker.
 *
 * Why a loop and not a workflow per endpoint: the state a dispatcher needs (what is due, who holds
 * it, how often it failed) already lives in PostgreSQL rows with leases, which is what makes
 * several workers safe (`FOR UPDATE SKIP LOCKED`) and a killed one harmless (its leases lapse).
 * A workflow per endpoint would copy that state into histories that grow with every delivery,
 * add a round trip through the Temporal server per attempt, and still need the rows for
 * `GET /…/deliveries`. The timers it would give (back-off, working hours) are `next_attempt_at`.
 *
 * - Fan-out: claims outbox events, writes their deliveries and marks them dispatched in one
 *   transaction (`delivery-fan-out.ts`).
 * - Sending: claims due deliveries in batches into a short queue per endpoint (never more than a
 *   few rounds of its slots), and starts each as its endpoint has a free slot,
 *   without waiting for the others, so a dead endpoint fills only its own slots. Each endpoint
 *   has a circuit (libs/domain `delivery-circuit`, kept per process): while open, its deliveries
 *   are not claimed; failures back off with full jitter until the retry window ends (`failed`).
 */
import {
  CLOSED_CIRCUIT,
  DEFAULT_CIRCUIT_POLICY,
  admit,
  nextRetry,
  recordFailure,
  recordSuccess,
  type BackoffPolicy,
  type CircuitPolicy,
  type CircuitState,
  type HoldingRules,
  type RandomSource,
  type WorkingCalendar,
} from '@dondoc/domain';
import type { DataSource } from 'typeorm';
import {
  claimDeliveries,
  disableSubscription,
  recordAttempt,
  releaseDelivery,
  type AttemptRecord,
  type ClaimedDelivery,
} from './delivery-claims';
import { fanOutOutbox } from './delivery-fan-out';
import { attemptDelivery, type AttemptOutcome, type DeliveryChannels } from './delivery-sending';

/** How many rounds of an endpoint's slots one claim may fill: fewer claims, a short local queue. */
const PREFETCH = 4;

/** How the dispatcher paces itself. */
export interface DispatcherOptions {
  /** Unique per process (host, pid, a random part), so a lapsed lease is never taken for one's own. */
  claimer: string;
  /** Deliveries in flight to one endpoint at most. */
  perEndpoint: number;
  /** Deliveries in flight in all at most. */
  maxInFlight: number;
  /** How long a claim holds a row: longer than a channel's time-out, so a live send keeps its row. */
  leaseMs: number;
  /** How often an idle loop looks again. */
  pollMs: number;
  backoff: BackoffPolicy;
  circuit?: CircuitPolicy;
  rules: HoldingRules;
  calendar: () => Promise<WorkingCalendar>;
  random?: RandomSource;
  /** Where a loop's unexpected error is told (it then waits a poll and goes on). */
  onError: (error: unknown, stage: 'fan-out' | 'send') => void;
}

/** Starts with `start()`, stops with `stop()`, which waits for the deliveries in flight. */
export class DeliveryDispatcher {
  private readonly circuits = new Map<string, CircuitState>();
  private readonly inFlight = new Map<string, number>();
  /** Claimed deliveries waiting for a free slot of their endpoint, oldest first. */
  private readonly queued = new Map<string, ClaimedDelivery[]>();
  private readonly sending = new Set<Promise<void>>();
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly channels: DeliveryChannels,
    private readonly options: DispatcherOptions,
  ) {}

  /** Starts both loops; idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = [this.loop('fan-out', () => this.fanOutOnce()), this.loop('send', () => this.sendOnce())];
  }

  /** Stops claiming, then waits for the loops and every delivery in flight to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.all(this.loops);
    // What was claimed but not started goes back at once, for another dispatcher to send.
    const unstarted = [...this.queued.values()].flat();
    this.queued.clear();
    await Promise.allSettled(
      unstarted.map((delivery) => releaseDelivery(this.dataSource, delivery.id, this.options.claimer, new Date())),
    );
    await Promise.allSettled([...this.sending]);
  }

  /** One fan-out pass; true when it found work, so the loop goes again at once. */
  async fanOutOnce(): Promise<boolean> {
    const result = await fanOutOutbox(this.dataSource, {
      claimer: this.options.claimer,
      batchSize: 200,
      leaseMs: this.options.leaseMs,
      rules: this.options.rules,
      calendar: this.options.calendar,
    });
    if (result.deliveries > 0) this.wake();
    return result.events > 0;
  }

  /**
   * One claim of due deliveries into the endpoints' queues, then as many started as their slots
   * allow; true when it claimed any. A claim takes up to {@link PREFETCH} times an endpoint's
   * slots, so one statement feeds several rounds of sends instead of one claim per send.
   */
  async sendOnce(): Promise<boolean> {
    const held = this.inFlightTotal() + this.queuedTotal();
    const limit = this.options.maxInFlight * PREFETCH - held;
    if (limit < 1) return false;
    const claimed = await claimDeliveries(this.dataSource, {
      claimer: this.options.claimer,
      limit,
      leaseMs: this.options.leaseMs,
      freeSlots: this.freeSlots(Date.now()),
      perEndpoint: this.options.perEndpoint * PREFETCH,
    });
    for (const delivery of claimed) {
      const queue = this.queued.get(delivery.endpoint) ?? [];
      queue.push(delivery);
      this.queued.set(delivery.endpoint, queue);
    }
    this.pump();
    return claimed.length > 0;
  }

  /** Starts queued deliveries while their endpoints have free slots and the whole limit allows. */
  private pump(): void {
    for (const [endpoint, queue] of this.queued) {
      while (queue.length > 0 && this.inFlightOf(endpoint) < this.options.perEndpoint) {
        if (this.inFlightTotal() >= this.options.maxInFlight) return;
        const delivery = queue.shift();
        if (delivery !== undefined) this.launch(delivery);
      }
      if (queue.length === 0) this.queued.delete(endpoint);
    }
  }

  private launch(delivery: ClaimedDelivery): void {
    this.inFlight.set(delivery.endpoint, this.inFlightOf(delivery.endpoint) + 1);
    // A delivery that waited in its queue until its lease nearly ran out is given back, never sent:
    // another dispatcher may claim it once the lease ends, and two must never send it at once.
    const leaseLeft = delivery.claimedUntil.getTime() - Date.now();
    const work =
      leaseLeft < this.options.leaseMs / 2
        ? releaseDelivery(this.dataSource, delivery.id, this.options.claimer, new Date()).then(() => undefined)
        : this.deliver(delivery);
    const sent: Promise<void> = work
      .catch((error: unknown) => reportSafely(this.options.onError, error, 'send'))
      .finally(() => {
        const left = this.inFlightOf(delivery.endpoint) - 1;
        // An idle endpoint is forgotten, so the claim's list of busy endpoints stays short.
        if (left > 0) this.inFlight.set(delivery.endpoint, left);
        else this.inFlight.delete(delivery.endpoint);
        this.sending.delete(sent);
        if (this.running) this.pump();
        // Its endpoint's queue ran dry: claim again now rather than at the next poll.
        if (!this.queued.has(delivery.endpoint)) this.wake();
      });
    this.sending.add(sent);
  }

  /** Free places of each endpoint that has fewer than the limit (in flight and queued count); 0 or 1 (a probe) while a circuit is open. */
  private freeSlots(now: number): Record<string, number> {
    const policy = this.options.circuit ?? DEFAULT_CIRCUIT_POLICY;
    const capacity = this.options.perEndpoint * PREFETCH;
    const slots: Record<string, number> = {};
    const busy = new Set([...this.inFlight.keys(), ...this.queued.keys()]);
    // An endpoint with deliveries still queued is refilled only once its queue runs dry: claims in batches, not one per send.
    for (const endpoint of busy)
      slots[endpoint] = this.queued.has(endpoint) ? 0 : Math.max(0, capacity - this.inFlightOf(endpoint));
    for (const [endpoint, state] of this.circuits) {
      if (state.status === 'closed') continue;
      const since = state.status === 'open' ? state.openedAt : state.probeStartedAt;
      slots[endpoint] = !busy.has(endpoint) && now >= since + policy.coolDownMs ? 1 : 0;
    }
    return slots;
  }

  private inFlightOf(endpoint: string): number {
    return this.inFlight.get(endpoint) ?? 0;
  }

  private inFlightTotal(): number {
    return [...this.inFlight.values()].reduce((sum, count) => sum + count, 0);
  }

  private queuedTotal(): number {
    return [...this.queued.values()].reduce((sum, queue) => sum + queue.length, 0);
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const policy = this.options.circuit ?? DEFAULT_CIRCUIT_POLICY;
    const admission = admit(this.circuits.get(delivery.endpoint) ?? CLOSED_CIRCUIT, Date.now(), policy);
    this.circuits.set(delivery.endpoint, admission.state);
    if (!admission.allowed) {
      await releaseDelivery(
        this.dataSource,
        delivery.id,
        this.options.claimer,
        new Date(admission.retryAt ?? Date.now()),
      );
      return;
    }
    const outcome = await attemptDelivery(this.dataSource, this.channels, delivery);
    const now = Date.now();
    const circuit = this.circuits.get(delivery.endpoint) ?? CLOSED_CIRCUIT;
    this.circuits.set(
      delivery.endpoint,
      outcome.kind === 'retry' ? recordFailure(circuit, now, policy) : recordSuccess(circuit),
    );
    if (outcome.kind === 'gone')
      await disableSubscription(this.dataSource, delivery.targetId, 'the receiver answered 410 Gone');
    await recordAttempt(this.dataSource, delivery.id, this.options.claimer, this.recordOf(delivery, outcome, now));
  }

  private recordOf(delivery: ClaimedDelivery, outcome: AttemptOutcome, now: number): AttemptRecord {
    switch (outcome.kind) {
      case 'delivered':
        return outcome;
      case 'rejected':
        return { kind: 'failed', lastStatus: outcome.lastStatus, error: outcome.error };
      case 'gone':
        return {
          kind: 'cancelled',
          lastStatus: outcome.lastStatus,
          error: 'the receiver answered 410 Gone: subscription disabled',
        };
      case 'cancelled':
        return { kind: 'cancelled', lastStatus: null, error: outcome.error };
      case 'retry': {
        const decision = nextRetry(
          { attempts: delivery.attempts + 1, firstAttemptAt: delivery.firstAttemptAt.getTime(), now },
          this.options.backoff,
          this.options.random ?? Math.random,
        );
        if (decision.kind === 'failed')
          return { kind: 'failed', lastStatus: outcome.lastStatus, error: outcome.error ?? 'retry window exhausted' };
        return { kind: 'retry', lastStatus: outcome.lastStatus, error: outcome.error, retryAt: new Date(decision.at) };
      }
    }
  }

  /** Runs a pass again at once while it finds work, else waits a poll (or a wake-up). */
  private async loop(stage: 'fan-out' | 'send', pass: () => Promise<boolean>): Promise<void> {
    while (this.running) {
      let busy = false;
      try {
        busy = await pass();
      } catch (error) {
        reportSafely(this.options.onError, error, stage);
      }
      if (!busy && this.running) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs);
      this.waiters.add(done);
    });
  }

  /** Ends every loop's pause: there is work (new deliveries, a free slot) or it is time to stop. */
  private wake(): void {
    for (const done of [...this.waiters]) done();
  }
}

/** Tells `onError`; an error thrown by the teller itself must not end a loop. */
function reportSafely(onError: DispatcherOptions['onError'], error: unknown, stage: 'fan-out' | 'send'): void {
  try {
    onError(error, stage);
  } catch {
    // Nothing more can be told: the loop goes on.
  }
}
