/**
 * OpenTelemetry for the API, started before anything else is loaded (main.ts imports this
 * first) so the HTTP, Express and pg instrumentations see those modules load. Off unless an
 * OTLP endpoint is configured (libs/tracing).
 */
import { startProcessTracing } from '@dondoc/tracing';

/** The API's tracing, or undefined when it is off. */
export const tracing = startProcessTracing('dondoc-api');
