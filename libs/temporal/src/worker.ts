import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { TemporalSettings, WorkerTuning } from '@dondoc/config';

/** True when running from dist/ (compiled), where imports were already rewritten to relative paths. */
const compiled = __filename.endsWith('.js');

/** The tree the worker runs from: dist/ when compiled, the repository when run from sources. */
const runRoot = path.resolve(__dirname, '../../..');

/** Entry file of the workflow bundle. */
export function workflowsEntry(): string {
  return path.join(runRoot, 'workflows', compiled ? 'index.js' : 'index.ts');
}

/** From sources, webpack must resolve `@dondoc/*` the way tsc does (one source: tsconfig paths). */
export function workflowBundlerOptions(): WorkerOptions['bundlerOptions'] {
  if (compiled) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { webpackAliases } = require(path.join(runRoot, 'tools/path-aliases.js')) as {
    webpackAliases: (root?: string) => Record<string, string>;
  };
  return {
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = {
        ...(config.resolve.alias as Record<string, string> | undefined),
        ...webpackAliases(runRoot),
      };
      return config;
    },
  };
}

/** Options for a Dondoc worker; tests reuse them with their own connection and queue. */
export interface DondocWorkerOptions {
  settings: TemporalSettings;
  /**
   * The activities to register by name. Typed as the SDK types them, so this library stays below
   * libs/activities (which reads Temporal's errors from here); apps/worker passes createActivities(...).
   */
  activities: object;
  maxConcurrentActivities?: number;
  /** Pollers and slots (DONDOC_WORKER_*); the SDK's defaults where absent. */
  tuning?: WorkerTuning;
  /**
   * After SIGTERM, how long running activities may take to finish before they are cancelled
   * (the SDK's default is none: cancelled at once, to be retried elsewhere).
   */
  shutdownGraceSeconds?: number;
  /** Interceptors of the worker's own (apps/worker times activities with one). */
  interceptors?: WorkerOptions['interceptors'];
  /** Sinks the workflow bundle calls out through (a traced worker's span exporter, libs/tracing). */
  sinks?: WorkerOptions['sinks'];
}

function bundlerOptionsOrNothing(): Pick<WorkerOptions, 'bundlerOptions'> {
  const bundlerOptions = workflowBundlerOptions();
  return bundlerOptions === undefined ? {} : { bundlerOptions };
}

/**
 * The worker options that decide how many tasks wait and run at once. Shared with bench/actions,
 * whose baseline worker must run with the same ones for its figures to compare.
 */
export function dondocWorkerTuning(
  tuning: WorkerTuning | undefined,
  maxConcurrentActivities = 100,
): Pick<
  WorkerOptions,
  | 'maxConcurrentActivityTaskExecutions'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'workflowTaskPollerBehavior'
  | 'activityTaskPollerBehavior'
> {
  return {
    maxConcurrentActivityTaskExecutions: maxConcurrentActivities,
    ...(tuning === undefined
      ? {}
      : {
          maxConcurrentWorkflowTaskExecutions: tuning.workflowTaskSlots,
          workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: tuning.workflowTaskPollers },
          activityTaskPollerBehavior: { type: 'simple-maximum', maximum: tuning.activityTaskPollers },
        }),
  };
}

/** Connects to Temporal and creates a worker for Dondoc's workflows and activities. */
export async function createDondocWorker(
  options: DondocWorkerOptions,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.settings.address });
  const worker = await Worker.create({
    connection,
    namespace: options.settings.namespace,
    taskQueue: options.settings.taskQueue,
    workflowsPath: workflowsEntry(),
    ...bundlerOptionsOrNothing(),
    activities: options.activities,
    ...dondocWorkerTuning(options.tuning, options.maxConcurrentActivities),
    ...(options.shutdownGraceSeconds === undefined ? {} : { shutdownGraceTime: options.shutdownGraceSeconds * 1000 }),
    ...(options.interceptors === undefined ? {} : { interceptors: options.interceptors }),
    ...(options.sinks === undefined ? {} : { sinks: options.sinks }),
  });
  return { worker, connection };
}
