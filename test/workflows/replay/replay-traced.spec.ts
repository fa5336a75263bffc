/**
 * Replay with tracing on: a traced worker loads the OpenTelemetry workflow interceptors into its
 * bundle (libs/tracing). They make spans only, never commands, so every recorded history — all
 * written by untraced workers — must replay against a traced bundle as it does against the
 * plain one (replay.spec.ts); else turning tracing on would break running workflows.
 */
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { tracingWorkflowModule } from '@dondoc/tracing';
import { describeReplayOfEveryHistory } from './support/replay-harness';

describeReplayOfEveryHistory('recorded workflow histories replay against the traced workflow bundle', {
  workflowInterceptorModules: [tracingWorkflowModule()],
  // The interceptors' spans leave the bundle through this sink: each replay gets its own exporter.
  sinks: () => ({ exporter: makeWorkflowExporter(new InMemorySpanExporter(), new Resource({})) }),
});
