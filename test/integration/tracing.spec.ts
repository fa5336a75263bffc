/**
 * One trace per request, across processes: with an OTLP endpoint configured, an officer's
 * acknowledgement is one trace from the API's HTTP span through the Temporal Update, the
 * workflow's Update handler and the projection activity down to its SQL, in the API and the
 * worker alike, exported over OTLP (as JSON, to a receiver in this test).
 */
import { anAcknowledgedTask } from './support/acknowledged-task';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { pollUntil } from './support/stack';
import { useStackWithEnvFrom } from './support/use-stack';

/** OTLP's span kind of an HTTP server span. */
const SERVER = 2;

let receiver: OtlpReceiver;
// Declared before the stack's afterAll: the receiver stops first, as it did before.
afterAll(() => receiver.stop());
const stack = useStackWithEnvFrom(async () => {
  receiver = await startOtlpReceiver();
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    // Export each batch within a tenth of a second, so the test waits for spans, not for a timer.
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
});

/** The spans of one trace, and the walk up from a span to the root. */
class Trace {
  private readonly byId: Map<string, ReceivedSpan>;

  constructor(readonly spans: ReceivedSpan[]) {
    this.byId = new Map(spans.map((span) => [span.spanId, span]));
  }

  named(prefix: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.name.startsWith(prefix));
  }

  /** True when `ancestor` is found by following parent links up from `span`. */
  descends(span: ReceivedSpan, ancestor: ReceivedSpan): boolean {
    let parent = this.byId.get(span.parentSpanId);
    while (parent !== undefined) {
      if (parent.spanId === ancestor.spanId) return true;
      parent = this.byId.get(parent.parentSpanId);
    }
    return false;
  }

  /** Spans whose parent is not in the trace (the root excepted): a link that broke. */
  orphans(): ReceivedSpan[] {
    return this.spans.filter((span) => span.parentSpanId !== '' && !this.byId.has(span.parentSpanId));
  }

  /** A SQL query span under an activity span: the deepest link the trace must reach. */
  reachesSql(): boolean {
    return this.spans.some(
      (span) =>
        span.attributes['db.system'] === 'postgresql' &&
        this.named('RunActivity:').some((activity) => this.descends(span, activity)),
    );
  }

  describe(): string {
    return this.spans.map((span) => `${span.service} ${span.name} ${span.spanId} ← ${span.parentSpanId}`).join('\n');
  }
}

describe('tracing', () => {
  let taskId: string;
  let trace: Trace;
  let root: ReceivedSpan;

  beforeAll(async () => {
    taskId = (await anAcknowledgedTask(stack)).id;

    const isAcknowledgement = (span: ReceivedSpan): boolean =>
      span.kind === SERVER && String(span.attributes['http.target']).endsWith(`/tasks/${taskId}/acknowledge`);
    trace = await pollUntil(
      async () => {
        const found = receiver.spans.find(isAcknowledgement);
        return new Trace(found === undefined ? [] : receiver.spans.filter((span) => span.traceId === found.traceId));
      },
      (candidate) => candidate.reachesSql() && candidate.orphans().length === 0,
      { timeoutMs: 30_000, description: "the acknowledgement's trace down to a SQL query under its activity" },
    );
    root = trace.spans.find(isAcknowledgement)!;
  });

  it("roots the trace in the API's HTTP server span", () => {
    expect(root).toMatchObject({ service: 'dondoc-api', parentSpanId: '', kind: SERVER });
    expect(root.attributes['http.method']).toBe('POST');
  });

  it("puts the client's Update under the request, the workflow's Update handler under the Update", () => {
    const [update] = trace.named('StartWorkflowUpdate:');
    expect(update).toMatchObject({ service: 'dondoc-api' });
    expect(trace.descends(update!, root)).toBe(true);
    const updateName = update!.name.split(':')[1];
    const handlers = trace.named(`HandleUpdate:${updateName}`);
    expect(handlers).toHaveLength(1);
    expect(handlers[0]).toMatchObject({ service: 'dondoc-worker' });
    expect(trace.descends(handlers[0]!, update!)).toBe(true);
  });

  it("puts the activity under the handler and the activity's SQL under the activity", () => {
    const [handler] = trace.named('HandleUpdate:');
    const activities = trace.named('RunActivity:');
    expect(activities.length).toBeGreaterThanOrEqual(1);
    for (const activity of activities) {
      expect(activity.service).toBe('dondoc-worker');
      expect(trace.descends(activity, handler!)).toBe(true);
    }
    const queries = trace.spans.filter((span) => span.attributes['db.system'] === 'postgresql');
    const underActivity = queries.filter((query) => activities.some((activity) => trace.descends(query, activity)));
    expect(underActivity.length).toBeGreaterThanOrEqual(1);
    expect(underActivity.every((query) => query.service === 'dondoc-worker')).toBe(true);
  });

  it('links every span of the trace to its root: no span lost its parent', () => {
    expect(trace.orphans()).toEqual([]);
    expect(trace.spans.every((span) => span === root || trace.descends(span, root))).toBe(true);
  });

  it('makes no trace of probes and scrapes', () => {
    // The stack polled /health until the API answered, long before the acknowledgement, whose
    // root span ended last: had those requests been traced, their spans would be here by now.
    const paths = receiver.spans.map((span) => String(span.attributes['http.target'] ?? ''));
    expect(paths.filter((path) => path.includes('/tasks/'))).not.toEqual([]);
    expect(paths.filter((path) => /\/(health|metrics)(\/|\?|$)/.test(path))).toEqual([]);
  });
});
