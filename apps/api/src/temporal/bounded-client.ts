import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type ConnectionOptions,
} from '@temporalio/client';
import { temporalClientInterceptors, tracingStarted } from '@dondoc/tracing';
import type { ApiSettings } from '../settings';

/**
 * Attempts of one call while the server is unreachable. The SDK's default (10, backing off to
 * 5 s) holds a request for about 18 s before it fails; three attempts take about half a second.
 */
const UNAVAILABLE_ATTEMPTS = 3;

/** How long start-up waits for the first connection (the SDK's own default). */
const STARTUP_CONNECT_TIMEOUT_MS = 10_000;

/**
 * The API's Temporal client, with every call bounded: a call that sets no deadline of its own
 * gets `temporalCallTimeoutMs`, and an unreachable server fails after a few quick attempts.
 * Calls that may take long on purpose (an Update, a directive's start, a withdrawal's result)
 * set their own deadline from DONDOC_UPDATE_TIMEOUT_MS, so "Temporal is down" answers 503 at
 * once while "the workflow is slow" still gets the whole budget. When the API traces, each
 * call is a span of the request's trace and carries it on to the workflow.
 */
export async function createBoundedTemporalClient(settings: ApiSettings): Promise<Client> {
  const connection = await Connection.connect(boundedConnectionOptions(settings));
  return new Client({
    connection,
    namespace: settings.temporal.namespace,
    ...(tracingStarted() ? { interceptors: temporalClientInterceptors() } : {}),
  });
}

/** The connection options behind {@link createBoundedTemporalClient}. */
export function boundedConnectionOptions(
  settings: Pick<ApiSettings, 'temporal' | 'temporalCallTimeoutMs'>,
): ConnectionOptions {
  return {
    address: settings.temporal.address,
    // At start-up only: the server may still be coming up next to the API.
    connectTimeout: Math.max(STARTUP_CONNECT_TIMEOUT_MS, settings.temporalCallTimeoutMs),
    interceptors: [
      defaultDeadline(settings.temporalCallTimeoutMs),
      makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: UNAVAILABLE_ATTEMPTS })),
    ],
  };
}

/** Outermost, so the deadline covers the retries too. */
function defaultDeadline(timeoutMs: number): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(
      nextCall(options.deadline === undefined ? { ...options, deadline: Date.now() + timeoutMs } : options),
    );
}
