/**
 * Replay with tracing on: a traced worker loads the OpenTelemetry workflow interceptors into its
 * bundle (libs/tracing). They make spans only, never commands, so every recorded history — all
 * written by untraced workers — must replay against a traced bundle as it does against the
 * plain one (replay.spec.ts); else turning tracing on would break running workflows.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { workflowBundlerOptions, workflowsEntry } from '@dondoc/temporal';
import { tracingWorkflowModule } from '@dondoc/tracing';

const HISTORIES_DIR = path.resolve(__dirname, '../histories');

interface RecordedHistory {
  workflowId: string;
  events: unknown[];
}

const files = readdirSync(HISTORIES_DIR, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.split(path.sep).join('/'))
  .sort();

let bundle: WorkflowBundle;
beforeAll(async () => {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // Already installed in this process by an earlier test file: keep it.
  }
  const bundlerOptions = workflowBundlerOptions();
  bundle = await bundleWorkflowCode({
    workflowsPath: workflowsEntry(),
    workflowInterceptorModules: [tracingWorkflowModule()],
    ...(bundlerOptions?.webpackConfigHook !== undefined ? { webpackConfigHook: bundlerOptions.webpackConfigHook } : {}),
    logger: new DefaultLogger('WARN'),
  });
});

describe('recorded workflow histories replay against the traced workflow bundle', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s', async (file) => {
    const recorded = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as RecordedHistory;
    const sinks = { exporter: makeWorkflowExporter(new InMemorySpanExporter(), new Resource({})) };
    await Worker.runReplayHistory({ workflowBundle: bundle, replayName: file, sinks }, recorded, recorded.workflowId);
  });
});
