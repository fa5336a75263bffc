/**
 * Builds the worker's dispatcher from its settings: the channels (one pooled SMTP sender, one
 * guarded webhook sender), the shipped e-mail templates, and the working calendar read from
 * `calendar_days` (cached for a minute, so an announced day off applies within one).
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { WorkingCalendar, type AnnouncedDay } from '@dondoc/domain';
import { EmailTemplates, createSmtpSender, createWebhookSender, type DeliverySettings } from '@dondoc/delivery';
import type { DataSource } from 'typeorm';
import { DeliveryDispatcher } from './delivery-dispatcher';

/** The dispatcher's own pacing, beside the delivery settings. */
export interface DispatcherTuning {
  perEndpoint: number;
  maxInFlight: number;
  leaseMs: number;
  pollMs: number;
}

/** The dispatcher and what must be closed after it stops. */
export interface DispatcherHandle {
  dispatcher: DeliveryDispatcher;
  /** Stops the loops, waits for deliveries in flight, closes the SMTP pool. */
  stop(): Promise<void>;
}

/** A started dispatcher for the worker; `onError` receives a loop's unexpected errors. */
export function startDeliveryDispatcher(
  dataSource: DataSource,
  settings: DeliverySettings,
  tuning: DispatcherTuning,
  onError: (error: unknown, stage: string) => void,
): DispatcherHandle {
  const smtp = createSmtpSender(settings.smtp);
  const webhooks = createWebhookSender({
    allowPrivate: settings.webhook.allowPrivate,
    timeoutMs: settings.webhook.timeoutMs,
  });
  const dispatcher = new DeliveryDispatcher(
    dataSource,
    { smtp, webhooks, templates: EmailTemplates.load() },
    {
      claimer: `${hostname()}/${process.pid}/${randomUUID()}`,
      ...tuning,
      backoff: settings.backoff,
      rules: { workingHours: settings.workingHours, holdEscalations: settings.holdEscalations },
      calendar: cachedCalendar(dataSource, 60_000),
      onError,
    },
  );
  dispatcher.start();
  return {
    dispatcher,
    async stop() {
      await dispatcher.stop();
      smtp.close();
    },
  };
}

/** The calendar of statutory rules and announced days, read again at most every `ttlMs`. */
export function cachedCalendar(dataSource: DataSource, ttlMs: number): () => Promise<WorkingCalendar> {
  let cached: { calendar: WorkingCalendar; readAt: number } | undefined;
  return async () => {
    if (cached !== undefined && Date.now() - cached.readAt < ttlMs) return cached.calendar;
    const announced: AnnouncedDay[] = await dataSource.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name, source FROM calendar_days ORDER BY date`,
    );
    cached = { calendar: WorkingCalendar.of(announced), readAt: Date.now() };
    return cached.calendar;
  };
}
