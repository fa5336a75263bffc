import { EnvReader } from './env';
import { readAuthSettings, readHttpSettings, type AuthSettings, type HttpSettings } from './security';

/** Where PostgreSQL is. */
export interface DatabaseSettings {
  url: string;
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

/** Reads DATABASE_URL. */
export function readDatabaseSettings(reader: EnvReader): DatabaseSettings {
  return { url: reader.url('DATABASE_URL', DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']) };
}

/** Reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and TEMPORAL_TASK_QUEUE. */
export function readTemporalSettings(reader: EnvReader): TemporalSettings {
  return {
    address: reader.hostPort('TEMPORAL_ADDRESS', '127.0.0.1:7233'),
    namespace: reader.string('TEMPORAL_NAMESPACE', 'default'),
    taskQueue: reader.string('TEMPORAL_TASK_QUEUE', 'dondoc'),
  };
}

/** Settings of the API process. */
export interface ApiSettings {
  port: number;
  database: DatabaseSettings;
  temporal: TemporalSettings;
  /** Longest a request waits for a workflow update before answering 503. */
  updateTimeoutMs: number;
  fanout: FanoutSettings;
  auth: AuthSettings;
  http: HttpSettings;
  /**
   * When a term counted in working days (`dueIn: { workingDays }`) ends on its last day, Vietnam
   * time: '24:00' by default, as Civil Code 2015 art. 148 ends a term at twenty-four hours of its
   * last day and as a deadline given as a date already does; '17:00' ends it with office hours.
   */
  workingDayEndsAt: '17:00' | '24:00';
}

/** Settings of the worker process. */
export interface WorkerSettings {
  database: DatabaseSettings;
  temporal: TemporalSettings;
  /** Activities one worker runs at once. */
  maxConcurrentActivities: number;
}

/** Validates the API's environment, or throws a ConfigError listing every problem. */
export function loadApiSettings(env: Record<string, string | undefined> = process.env): ApiSettings {
  const reader = new EnvReader(env);
  const settings: ApiSettings = {
    port: reader.integer('PORT', 3000, 1, 65535),
    database: readDatabaseSettings(reader),
    temporal: readTemporalSettings(reader),
    updateTimeoutMs: reader.integer('DONDOC_UPDATE_TIMEOUT_MS', 30_000, 1_000, 600_000),
    fanout: { shardSize: reader.integer('DONDOC_SHARD_SIZE', 500, 1, 1000) },
    auth: readAuthSettings(reader),
    http: readHttpSettings(reader),
    workingDayEndsAt: reader.oneOf('DONDOC_WORKING_DAY_ENDS_AT', '24:00', ['17:00', '24:00'] as const),
  };
  reader.done();
  return settings;
}

/** Validates the worker's environment, or throws a ConfigError listing every problem. */
export function loadWorkerSettings(env: Record<string, string | undefined> = process.env): WorkerSettings {
  const reader = new EnvReader(env);
  const settings: WorkerSettings = {
    database: readDatabaseSettings(reader),
    temporal: readTemporalSettings(reader),
    maxConcurrentActivities: reader.integer('DONDOC_MAX_CONCURRENT_ACTIVITIES', 100, 1, 2000),
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
