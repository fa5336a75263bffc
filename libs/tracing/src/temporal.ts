import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { ActivityInterceptorsFactory, WorkerOptions } from '@temporalio/worker';
import type { Tracing } from './start-tracing';

/**
 * The client's interceptor: each workflow start, Update, signal and query gets a span, and the
 * span's context travels in the call's headers, so the workflow's spans join the caller's trace.
 */
export function temporalClientInterceptors(): ClientInterceptors {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/** What a traced worker adds to its options (libs/temporal's createDondocWorker takes them as they are). */
export interface TemporalWorkerTracing {
  /** For the worker's own client (activities that start or signal workflows). */
  clientInterceptors: ClientInterceptors;
  /** Each activity attempt a span under the workflow span that scheduled it. */
  activityInterceptors: ActivityInterceptorsFactory[];
  /**
   * Our workflow interceptors (./workflow-interceptors), loaded into the workflow bundle: spans
   * inside the sandbox (run, Update handler, activity start) from the headers, changing neither
   * the commands nor their order nor `uuid4()`, so a traced worker replays any history an
   * untraced one wrote, and back.
   */
  workflowModules: string[];
  /** The sink the bundle's spans leave the sandbox through, into the process's span processor. */
  sinks: NonNullable<WorkerOptions['sinks']>;
}

/** Workflow, activity and client interceptors over the process's started tracing. */
export function temporalWorkerTracing(tracing: Tracing): TemporalWorkerTracing {
  return {
    clientInterceptors: temporalClientInterceptors(),
    activityInterceptors: [
      (context) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(context),
        outbound: new OpenTelemetryActivityOutboundInterceptor(context),
      }),
    ],
    workflowModules: [tracingWorkflowModule()],
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}

/** Our workflow interceptors module (./workflow-interceptors), for `workflowModules` and a replay test's bundle. */
export function tracingWorkflowModule(): string {
  return require.resolve('./workflow-interceptors');
}
