/**
 * The workflow side of a trace, loaded into the workflow bundle (`workflowModules`) of a traced
 * worker. Spans: the run, each Update handler (under the caller's Update span, read from the
 * Update's headers), each activity or child workflow it starts (whose headers carry the span on).
 *
 * Ours rather than the package's own module (`@temporalio/interceptors-opentelemetry`), whose
 * spans change what a workflow does, so turning tracing on or off would break running workflows:
 *   - it adds yields (`await Promise.resolve()`) unless the history records the SDK flag of a
 *     traced worker, so histories of untraced workers replay with commands in another order
 *     (4 of the 47 recorded histories fail: test/workflows/replay/replay-traced.spec.ts);
 *   - its span ids come from `Math.random`, which in a workflow is the seeded sequence `uuid4()`
 *     draws from too (unit tasks name escalations with it), so ids would differ on replay.
 * Here a span wraps the very promise the SDK would have awaited (no extra turn of the event
 * loop), and ids are derived from the run id and a counter. The rest is the package's: its
 * sandbox runtime patch, context manager, header format and the sink its worker side reads.
 */
import '@temporalio/interceptors-opentelemetry/lib/workflow/runtime';
import * as otel from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor, type IdGenerator } from '@opentelemetry/sdk-trace-base';
import {
  extractContextFromHeaders,
  headersWithContext,
} from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import { ContextManager } from '@temporalio/interceptors-opentelemetry/lib/workflow/context-manager';
import { SpanExporter } from '@temporalio/interceptors-opentelemetry/lib/workflow/span-exporter';
import { ContinueAsNew, workflowInfo, type WorkflowInterceptors } from '@temporalio/workflow';

/** FNV-1a (64-bit) of `text` as 16 hex digits: ids without touching the workflow's random sequence. */
function fnv64(text: string, seed: bigint): string {
  let hash = 0xcbf29ce484222325n ^ seed;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** Span and trace ids from the run id and a counter: unique per run, and the same on every replay. */
class RunScopedIdGenerator implements IdGenerator {
  private issued = 0;

  generateTraceId(): string {
    const key = `${workflowInfo().runId}/${(this.issued += 1)}`;
    return fnv64(key, 1n) + fnv64(key, 2n);
  }

  generateSpanId(): string {
    return fnv64(`${workflowInfo().runId}/${(this.issued += 1)}`, 3n);
  }
}

let tracer: otel.Tracer | undefined;

function workflowTracer(): otel.Tracer {
  if (tracer === undefined) {
    const provider = new BasicTracerProvider({ idGenerator: new RunScopedIdGenerator() });
    provider.addSpanProcessor(new SimpleSpanProcessor(new SpanExporter()));
    provider.register({ contextManager: new ContextManager() });
    tracer = provider.getTracer('dondoc-workflow');
  }
  return tracer;
}

/**
 * Runs `fn` with a new span active (under `parent`, else the active span) and answers fn's own
 * promise, ending the span when it settles: the SDK awaits exactly what it would without tracing.
 */
function traced<T>(
  name: string,
  parent: otel.Context | undefined,
  fn: () => Promise<T>,
  attributes: otel.Attributes = {},
): Promise<T> {
  const base = parent ?? otel.context.active();
  const span = workflowTracer().startSpan(name, { attributes }, base);
  let result: Promise<T>;
  try {
    result = otel.context.with(otel.trace.setSpan(base, span), fn);
  } catch (error) {
    span.end();
    throw error;
  }
  result.then(
    () => span.end(),
    (error: unknown) => {
      if (!(error instanceof ContinueAsNew)) {
        span.setStatus({
          code: otel.SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
      }
      span.end();
    },
  );
  return result;
}

/** The workflow interceptors a traced worker's bundle registers (the SDK calls this once per run). */
export const interceptors = (): WorkflowInterceptors => ({
  inbound: [
    {
      execute: (input, next) =>
        traced(`RunWorkflow:${workflowInfo().workflowType}`, extractContextFromHeaders(input.headers), () =>
          next(input),
        ),
      handleUpdate: (input, next) =>
        traced(`HandleUpdate:${input.name}`, extractContextFromHeaders(input.headers), () => next(input), {
          temporalUpdateId: input.updateId,
        }),
    },
  ],
  outbound: [
    {
      scheduleActivity: (input, next) =>
        traced(`StartActivity:${input.activityType}`, undefined, () =>
          next({ ...input, headers: headersWithContext(input.headers) }),
        ),
      startChildWorkflowExecution: (input, next) =>
        traced(`StartChildWorkflow:${input.workflowType}`, undefined, () =>
          next({ ...input, headers: headersWithContext(input.headers) }),
        ),
    },
  ],
});
