import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { Resource } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { ConfigError } from '@dondoc/config';
import { readTracingSettings, type TracingSettings } from './settings';

/** A started tracer provider, and what the Temporal worker hands its workflow spans to. */
export interface Tracing {
  /** The process's resource (its service name), which the workflow spans carry too. */
  readonly resource: Resource;
  /** Where every span of the process goes: the workflow spans the worker's sink receives as well. */
  readonly spanProcessor: SpanProcessor;
  /** Exports the spans still batched and stops; call it last, after the work that makes spans. */
  shutdown(): Promise<void>;
}

/** The process's tracing once started: OpenTelemetry's provider is process-wide, and so is this. */
let started: Tracing | undefined;

/** What a test or benchmark may set instead of the environment. */
export interface TracingOverrides {
  /** Spans go here, one by one as each ends (a test's InMemorySpanExporter), instead of batched over OTLP. */
  exporter?: SpanExporter;
  serviceName?: string;
}

/** Probes and scrapes come every few seconds and say nothing about a request: they make no traces. */
const UNTRACED_PATHS = /^(\/api\/v1)?\/(health|metrics)(\/|\?|$)/;

function untraced(request: IncomingMessage): boolean {
  return UNTRACED_PATHS.test(request.url ?? '');
}

function otlpExporter(settings: TracingSettings): SpanExporter {
  return settings.protocol === 'http/json' ? new OtlpJsonExporter() : new OtlpProtobufExporter();
}

/**
 * Starts OpenTelemetry for this process when the environment configures an OTLP endpoint
 * (readTracingSettings), or when a test passes its own exporter; answers undefined otherwise,
 * and then nothing is patched or exported. Must run before `http`, `express` and `pg` are
 * loaded, since the instrumentations patch those modules as they load: each app imports its
 * `tracing.ts` first.
 *
 * Spans: the HTTP server's (the root of a request's trace), Express's route handler (the route
 * template), and PostgreSQL's queries when they belong to a trace (the dispatcher's and the
 * sweep's polling would otherwise make a trace every quarter of a second).
 */
export function startTracing(defaultServiceName: string, overrides: TracingOverrides = {}): Tracing | undefined {
  const settings = readTracingSettings(defaultServiceName);
  if (settings === undefined && overrides.exporter === undefined) return undefined;
  const serviceName = overrides.serviceName ?? settings?.serviceName ?? defaultServiceName;
  const resource = new Resource({ [ATTR_SERVICE_NAME]: serviceName });
  const spanProcessor =
    overrides.exporter === undefined
      ? new BatchSpanProcessor(otlpExporter(settings ?? { serviceName, protocol: 'http/protobuf' }))
      : new SimpleSpanProcessor(overrides.exporter);
  const sdk = new NodeSDK({
    serviceName,
    resource,
    spanProcessors: [spanProcessor],
    // Logs stay pino's JSON lines; without this the SDK would set up an OTLP log exporter.
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: untraced }),
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER] }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  started = { resource, spanProcessor, shutdown: () => sdk.shutdown() };
  return started;
}

/**
 * {@link startTracing} for a process's entry point, which calls it before its own settings are
 * read: a bad tracing variable stops the process with the same message as any other setting.
 */
export function startProcessTracing(serviceName: string): Tracing | undefined {
  try {
    return startTracing(serviceName);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** Whether this process traces, for code that adds interceptors only then (an untraced call stays as it was). */
export function tracingStarted(): boolean {
  return started !== undefined;
}
