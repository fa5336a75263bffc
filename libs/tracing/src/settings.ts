import { EnvReader } from '@dondoc/config';

/** How spans leave the process: OTLP over HTTP, as protobuf (the OpenTelemetry default) or JSON. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** What tracing needs, read from OpenTelemetry's own variables so any collector's guide applies as written. */
export interface TracingSettings {
  /** `OTEL_SERVICE_NAME`, else the process's own name (`dondoc-api`, `dondoc-worker`). */
  serviceName: string;
  /** `OTEL_EXPORTER_OTLP_PROTOCOL` (`OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` wins): `http/protobuf` by default. */
  protocol: OtlpProtocol;
}

type Env = Record<string, string | undefined>;

/**
 * Tracing is off unless an OTLP endpoint is configured (`OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), and off whatever else is set when
 * `OTEL_SDK_DISABLED=true`, as the specification says. The exporter reads the endpoint (and
 * `OTEL_EXPORTER_OTLP_HEADERS`) itself; a bad value stops the process naming it.
 */
export function readTracingSettings(defaultServiceName: string, env: Env = process.env): TracingSettings | undefined {
  const reader = new EnvReader(env);
  const disabled = reader.oneOf('OTEL_SDK_DISABLED', 'false', ['true', 'false'] as const) === 'true';
  const endpoints = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'].filter(
    (name) => reader.string(name, '') !== '',
  );
  for (const name of endpoints) reader.url(name, 'http://127.0.0.1:4318', ['http:', 'https:']);
  const protocols = ['http/protobuf', 'http/json'] as const;
  const general = reader.oneOf('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf', protocols);
  const protocol = reader.oneOf('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', general, protocols);
  const serviceName = reader.string('OTEL_SERVICE_NAME', defaultServiceName);
  reader.done();
  return disabled || endpoints.length === 0 ? undefined : { serviceName, protocol };
}
