import { DEFAULT_MIN_NOTICE_INTERVAL } from '@dondoc/domain';
import { readConsoleSettings, type ConsoleSettings } from './console';
import { EnvReader } from './env';
import { readAuthSettings, readHttpSettings, type AuthSettings, type HttpSettings } from './security';

/** Where PostgreSQL is, and how long the API waits for it. */
export interface DatabaseSettings {
  url: string;
  /** Longest wait for a new connection before the request answers 503. */
  connectTimeoutMs: number;
  /** Longest one SQL statement may run (PostgreSQL's statement_timeout). */
  statementTimeoutMs: number;
}

/** Where Temporal is and which queue Dondoc's workers poll. */
export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
}

/** How the directive fan-out is shaped. */
export interface FanoutSettings {
  /** Most unit-task children one shard workflow keeps; Temporal advises ~1,000 per parent at most. */
  shardSize: number;
}

export const DEFAULT_DATABASE_URL = 'postgres://dondoc:dondoc@127.0.0.1:5432/dondoc';

/** Reads DATABASE_URL, DONDOC_DB_CONNECT_TIMEOUT_MS and DONDOC_DB_STATEMENT_TIMEOUT_MS. */
export function readDatabaseSettings(reader: EnvReader): DatabaseSettings {
  return {
    url: reader.url('DATABASE_URL', DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']),
    connectTimeoutMs: reader.integer('DONDOC_DB_CONNECT_TIMEOUT_MS', 5_000, 100, 120_000),
    statementTimeoutMs: reader.integer('DONDOC_DB_STATEMENT_TIMEOUT_MS', 60_000, 1_000, 3_600_000),
  };
}

/** Reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and TEMPORAL_TASK_QUEUE. */
export function readTemporalSettings(reader: EnvReader): TemporalSettings {
  return {
    address: reader.hostPort('TEMPORAL_ADDRESS', '127.0.0.1:7233'),
    namespace: reader.string('TEMPORAL_NAMESPACE', 'default'),
    taskQueue: reader.string('TEMPORAL_TASK_QUEUE', 'dondoc'),
  };
}

/** Limits on what a directive may ask for, so no request can start a storm of notices. */
export interface InputLimits {
  /** Shortest reminder, overdue or escalation interval (ISO-8601), DONDOC_MIN_NOTICE_INTERVAL. */
  minNoticeInterval: string;
}

/** Settings of the API process. */
export interface ApiSettings {
  port: number;
  database: DatabaseSettings;
  temporal: TemporalSettings;
  /** Longest a request waits for a workflow update before answering 503. */
  updateTimeoutMs: number;
  /** Longest any other Temporal call may take (a start, a describe), so an unreachable server answers 503 quickly. */
  temporalCallTimeoutMs: number;
  limits: InputLimits;
  fanout: FanoutSettings;
  auth: AuthSettings;
  http: HttpSettings;
  /**
   * When a term counted in working days (`dueIn: { workingDays }`) ends on its last day, Vietnam
   * time: '24:00' by default, as Civil Code 2015 art. 148 ends a term at twenty-four hours of its
   * last day and as a deadline given as a date already does; '17:00' ends it with office hours.
   */
  workingDayEndsAt: '17:00' | '24:00';
  /** The web console's sign-in: the development sign-in, the OIDC client. */
  console: ConsoleSettings;
  /** `DONDOC_PUBLIC_URL`: the base of the task links of the events the API writes itself (comments). */
  publicUrl: string;
  webhooks: WebhookRegistrationSettings;
  eventStream: EventStreamSettings;
}

/** GET /events/stream: how often each API process reads the feed's tail, and what one stream may hold. */
export interface EventStreamSettings {
  /** DONDOC_EVENT_STREAM_POLL_MS (1000): the delay between the process's reads of the tail while anyone listens. */
  pollMs: number;
  /** DONDOC_EVENT_STREAM_HEARTBEAT_MS (15000): a comment line this often keeps idle proxies from closing a stream. */
  heartbeatMs: number;
  /** DONDOC_EVENT_STREAM_MAX (1000): streams one process serves; more answer 503. */
  maxStreams: number;
  /** DONDOC_EVENT_STREAM_MAX_PER_PERSON (5): streams one person holds at once (tabs); more answer 503. */
  maxStreamsPerPerson: number;
  /** Bytes a slow reader may leave unread before its stream is ended (it resumes from its Last-Event-ID). */
  maxBufferedBytes: number;
  /** Events a resumed stream looks through before it tells the client to reset instead. */
  maxReplay: number;
}

/** Reads the event stream's settings. */
export function readEventStreamSettings(reader: EnvReader): EventStreamSettings {
  return {
    pollMs: reader.integer('DONDOC_EVENT_STREAM_POLL_MS', 1_000, 50, 60_000),
    heartbeatMs: reader.integer('DONDOC_EVENT_STREAM_HEARTBEAT_MS', 15_000, 100, 300_000),
    maxStreams: reader.integer('DONDOC_EVENT_STREAM_MAX', 1_000, 1, 100_000),
    maxStreamsPerPerson: reader.integer('DONDOC_EVENT_STREAM_MAX_PER_PERSON', 5, 1, 100),
    maxBufferedBytes: 1024 * 1024,
    maxReplay: 5_000,
  };
}

/** What the API checks when a webhook is registered or its secret rotated. */
export interface WebhookRegistrationSettings {
  /** DONDOC_WEBHOOK_ALLOW_PRIVATE: http:// and private addresses accepted (local development only). */
  allowPrivate: boolean;
  /** DONDOC_WEBHOOK_SECRET_GRACE (ISO-8601, default PT24H): how long a rotated-out secret still signs. */
  secretGrace: string;
}

/** Reads the webhook registration settings (the same DONDOC_WEBHOOK_ALLOW_PRIVATE the dispatcher reads). */
export function readWebhookRegistrationSettings(reader: EnvReader): WebhookRegistrationSettings {
  return {
    allowPrivate: reader.oneOf('DONDOC_WEBHOOK_ALLOW_PRIVATE', 'false', ['true', 'false'] as const) === 'true',
    secretGrace: reader.duration('DONDOC_WEBHOOK_SECRET_GRACE', 'PT24H'),
  };
}

/** Settings of the worker process. */
export interface WorkerSettings {
  database: DatabaseSettings;
  temporal: TemporalSettings;
  /** Activities one worker runs at once. */
  maxConcurrentActivities: number;
  /** How many tasks the worker polls for and runs at once (bench/actions measures them). */
  tuning: WorkerTuning;
  /** `DONDOC_PUBLIC_URL`: the base of the links to tasks that events carry for people. */
  publicUrl: string;
  /**
   * `DONDOC_WORKER_HEALTH_PORT`: where the worker answers `/health/live` and `/health/ready` for an
   * orchestrator's probes; null (the default, 0) serves nothing, as on a developer's machine.
   */
  healthPort: number | null;
  /**
   * `DONDOC_WORKER_SHUTDOWN_GRACE_SECONDS` (10): on SIGTERM the worker stops polling and gives
   * running activities this long to finish before it cancels them; an orchestrator's termination
   * grace period must be longer.
   */
  shutdownGraceSeconds: number;
  /**
   * `DONDOC_WORKER_METRICS_PORT`: where the worker serves `/metrics` for Prometheus; 0 (the
   * default) serves nothing. The Temporal SDK's own exporter then listens on 127.0.0.1 at the
   * next port, and `/metrics` includes its series.
   */
  metricsPort: number;
}

/**
 * The worker's concurrency, in the SDK's terms. A person's action is two workflow tasks and one
 * activity, each waiting for a free poller and slot; too few and actions queue behind each other
 * while the CPU idles (bench/actions, docs/benchmarks.md).
 */
export interface WorkerTuning {
  /** `DONDOC_WORKER_WORKFLOW_SLOTS`: workflow tasks run at once. */
  workflowTaskSlots: number;
  /** `DONDOC_WORKER_WORKFLOW_POLLERS`: long polls for workflow tasks held open at once (normal and sticky queues together). */
  workflowTaskPollers: number;
  /** `DONDOC_WORKER_ACTIVITY_POLLERS`: long polls for activity tasks held open at once. */
  activityTaskPollers: number;
}

/** Reads the worker's concurrency; the defaults are the ones bench/actions chose. */
export function readWorkerTuning(reader: EnvReader): WorkerTuning {
  return {
    workflowTaskSlots: reader.integer('DONDOC_WORKER_WORKFLOW_SLOTS', 40, 2, 2000),
    workflowTaskPollers: reader.integer('DONDOC_WORKER_WORKFLOW_POLLERS', 10, 2, 200),
    activityTaskPollers: reader.integer('DONDOC_WORKER_ACTIVITY_POLLERS', 10, 1, 200),
  };
}

/** Where people open Dondoc when no DONDOC_PUBLIC_URL is set: the local API (npm start). */
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:3000';

/** Reads DONDOC_PUBLIC_URL (http or https). */
export function readPublicUrl(reader: EnvReader): string {
  return reader.url('DONDOC_PUBLIC_URL', DEFAULT_PUBLIC_URL, ['http:', 'https:']);
}

/** Validates the API's environment, or throws a ConfigError listing every problem. */
export function loadApiSettings(env: Record<string, string | undefined> = process.env): ApiSettings {
  const reader = new EnvReader(env);
  const settings: Omit<ApiSettings, 'console'> = {
    port: reader.integer('PORT', 3000, 1, 65535),
    database: readDatabaseSettings(reader),
    temporal: readTemporalSettings(reader),
    updateTimeoutMs: reader.integer('DONDOC_UPDATE_TIMEOUT_MS', 30_000, 1_000, 600_000),
    temporalCallTimeoutMs: reader.integer('DONDOC_TEMPORAL_CALL_TIMEOUT_MS', 4_000, 500, 60_000),
    limits: { minNoticeInterval: reader.duration('DONDOC_MIN_NOTICE_INTERVAL', DEFAULT_MIN_NOTICE_INTERVAL) },
    fanout: { shardSize: reader.integer('DONDOC_SHARD_SIZE', 500, 1, 1000) },
    auth: readAuthSettings(reader),
    http: readHttpSettings(reader),
    workingDayEndsAt: reader.oneOf('DONDOC_WORKING_DAY_ENDS_AT', '24:00', ['17:00', '24:00'] as const),
    webhooks: readWebhookRegistrationSettings(reader),
    publicUrl: readPublicUrl(reader),
    eventStream: readEventStreamSettings(reader),
  };
  const consoleSettings = readConsoleSettings(reader, settings.auth.mode);
  reader.done();
  return { ...settings, console: consoleSettings };
}

/** Validates the worker's environment, or throws a ConfigError listing every problem. */
export function loadWorkerSettings(env: Record<string, string | undefined> = process.env): WorkerSettings {
  const reader = new EnvReader(env);
  const settings: WorkerSettings = {
    database: readDatabaseSettings(reader),
    temporal: readTemporalSettings(reader),
    maxConcurrentActivities: reader.integer('DONDOC_MAX_CONCURRENT_ACTIVITIES', 100, 1, 2000),
    tuning: readWorkerTuning(reader),
    publicUrl: readPublicUrl(reader),
    healthPort: reader.integer('DONDOC_WORKER_HEALTH_PORT', 0, 0, 65535) || null,
    shutdownGraceSeconds: reader.integer('DONDOC_WORKER_SHUTDOWN_GRACE_SECONDS', 10, 0, 3600),
    metricsPort: reader.integer('DONDOC_WORKER_METRICS_PORT', 0, 0, 65534),
  };
  reader.done();
  return settings;
}

/** Validates the migration command's environment. */
export function loadDatabaseSettings(env: Record<string, string | undefined> = process.env): DatabaseSettings {
  const reader = new EnvReader(env);
  const settings = readDatabaseSettings(reader);
  reader.done();
  return settings;
}

/** Validates the token settings alone (for `npm run token` and `npm run keys`). */
export function loadAuthSettings(env: Record<string, string | undefined> = process.env): AuthSettings {
  const reader = new EnvReader(env);
  const settings = readAuthSettings(reader);
  reader.done();
  return settings;
}
