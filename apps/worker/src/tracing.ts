/**
 * OpenTelemetry for the worker, started before anything else is loaded (main.ts imports this
 * first) so the pg instrumentation sees the driver load. Off unless an OTLP endpoint is
 * configured (libs/tracing).
 */
import { startProcessTracing } from '@dondoc/tracing';

/** The worker's tracing, or undefined when it is off. */
export const tracing = startProcessTracing('dondoc-worker');
