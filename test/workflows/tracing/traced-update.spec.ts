/**
 * The Temporal part of a request's trace, in one process with the SDK's in-memory exporter:
 * a span standing for the API's request, the client's Update under it, the workflow's Update
 * handler under the Update (carried in the Update's headers), and the projection activity it
 * schedules under the handler (its span made inside the bundle, leaving it through the sink).
 * The real processes, with the HTTP and SQL ends of the trace, are test/integration/tracing.spec.ts.
 */
import { randomUUID } from 'node:crypto';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { startTracing, temporalWorkerTracing, type TemporalWorkerTracing, type Tracing } from '@dondoc/tracing';
import { acknowledgeUpdate, unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import type { unitTaskWorkflow } from '@dondoc/workflows/unit-task/unit-task.workflow';
import { aUnitTask } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { testServerPath } from '../support/testbed';
import { bundleWorkflows, installQuietRuntime } from '../support/workflow-bundle';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let traced: TemporalWorkerTracing;
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;

beforeAll(async () => {
  installQuietRuntime();
  tracing = startTracing('dondoc-worker', { exporter })!;
  traced = temporalWorkerTracing(tracing);
  [env, bundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: testServerPath() } },
    }),
    bundleWorkflows(traced.workflowModules),
  ]);
});

afterAll(async () => {
  await env?.teardown();
  await tracing?.shutdown();
});

/** Parent links of the exported spans, to walk up from any span. */
function ancestry(spans: ReadableSpan[]): (span: ReadableSpan, ancestor: ReadableSpan) => boolean {
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  return (span, ancestor) => {
    let parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
    while (parent !== undefined) {
      if (parent === ancestor) return true;
      parent = parent.parentSpanId === undefined ? undefined : byId.get(parent.parentSpanId);
    }
    return false;
  };
}

describe('a traced Update', () => {
  it('is one trace: request → Update → Update handler → activity start → activity run', async () => {
    const fake = new FakeDondocActivities();
    const taskQueue = `test-${randomUUID()}`;
    const client = new Client({ connection: env.connection, interceptors: traced.clientInterceptors });
    fake.useWorkflows(client.workflow);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: fake.asActivities(),
      interceptors: { activity: traced.activityInterceptors },
      sinks: traced.sinks,
      shutdownGraceTime: '1s',
    });
    const input = aUnitTask()
      .from(await env.currentTimeMs())
      .dueIn('10 days')
      .build();

    const request = await worker.runUntil(async () => {
      const handle = await client.workflow.start<typeof unitTaskWorkflow>('unitTaskWorkflow', {
        taskQueue,
        workflowId: unitTaskWorkflowId(input.directiveId, input.unitId),
        args: [input],
      });
      const tracer = trace.getTracer('test');
      const root = await tracer.startActiveSpan(
        'POST /tasks/:id/acknowledge',
        { kind: SpanKind.SERVER },
        async (span) => {
          await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'can.bo' }] });
          span.end();
          return span;
        },
      );
      // The bundle's spans leave through the sink once the workflow task completes.
      await eventually(() =>
        expect(exporter.getFinishedSpans().some((s) => s.name.startsWith('RunActivity:'))).toBe(true),
      );
      await handle.terminate('test over');
      return root;
    });

    const traceId = request.spanContext().traceId;
    const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    const descends = ancestry(spans);
    const one = (name: string): ReadableSpan => {
      const found = spans.filter((span) => span.name === name || span.name.startsWith(`${name}:`));
      expect(found.map((span) => span.name)).toHaveLength(1);
      return found[0]!;
    };
    const root = one('POST /tasks/:id/acknowledge');
    const update = one('StartWorkflowUpdate');
    const handler = one('HandleUpdate');
    const scheduled = one('StartActivity');
    const run = one('RunActivity');
    expect(root.parentSpanId).toBeUndefined();
    expect(update.name).toBe(`StartWorkflowUpdate:${acknowledgeUpdate.name}`);
    expect(handler.name).toBe(`HandleUpdate:${acknowledgeUpdate.name}`);
    expect(descends(update, root)).toBe(true);
    expect(descends(handler, update)).toBe(true);
    expect(descends(scheduled, handler)).toBe(true);
    expect(descends(run, scheduled)).toBe(true);
    expect(run.name.split(':')[1]).toBe(scheduled.name.split(':')[1]);
    // The workflow's spans carry the worker's resource, as the API's own spans carry the API's.
    expect(handler.resource.attributes['service.name']).toBe('dondoc-worker');
  });
});
