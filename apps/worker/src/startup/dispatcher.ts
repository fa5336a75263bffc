import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { EnvReader } from '@dondoc/config';
import { startDeliveryDispatcher, type DispatcherHandle, type DispatcherTuning } from '@dondoc/activities';
import { readDeliverySettings, readDigestSettings, type DeliverySettings, type DigestSettings } from '@dondoc/delivery';

/** What the worker sends notices with, and whether it sends them at all. */
export interface DispatcherSettings {
  /** `DONDOC_DISPATCHER=off` leaves sending to other workers. */
  enabled: boolean;
  delivery: DeliverySettings;
  digest: DigestSettings;
  tuning: DispatcherTuning;
}

/**
 * The dispatcher's settings: the delivery settings, its pacing, and whether it runs here at all.
 * Every problem is told at once.
 */
export function loadDispatcherSettings(): DispatcherSettings {
  const reader = new EnvReader();
  const enabled = reader.oneOf('DONDOC_DISPATCHER', 'on', ['on', 'off'] as const) === 'on';
  const delivery = readDeliverySettings(reader);
  const digest = readDigestSettings(reader);
  const tuning: DispatcherTuning = {
    perEndpoint: reader.integer('DONDOC_DELIVERY_PER_ENDPOINT', 8, 1, 100),
    maxInFlight: reader.integer('DONDOC_DELIVERY_MAX_IN_FLIGHT', 64, 1, 1000),
    leaseMs: reader.integer('DONDOC_DELIVERY_LEASE_MS', 60_000, 1_000, 3_600_000),
    pollMs: reader.integer('DONDOC_DELIVERY_POLL_MS', 250, 10, 60_000),
  };
  reader.done();
  return { enabled, delivery, digest, tuning };
}

/** Starts the outbox's dispatcher unless this worker leaves sending to others; its loop errors are logged. */
export function startDispatcher(
  dataSource: DataSource,
  settings: DispatcherSettings,
  logger: Logger,
): DispatcherHandle | undefined {
  if (!settings.enabled) return undefined;
  return startDeliveryDispatcher(dataSource, settings.delivery, settings.tuning, (error, stage) =>
    logger.error(error instanceof Error ? { err: error, stage } : { error: String(error), stage }, 'dispatcher'),
  );
}
