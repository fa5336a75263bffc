import { ConfigError } from '@dondoc/config';
import { readTracingSettings } from '@dondoc/tracing';

describe('tracing settings', () => {
  it('is off by default: nothing configures an endpoint', () => {
    expect(readTracingSettings('dondoc-api', {})).toBeUndefined();
  });

  it('is on with an OTLP endpoint, as protobuf under the process name unless told otherwise', () => {
    expect(readTracingSettings('dondoc-api', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      serviceName: 'dondoc-api',
      protocol: 'http/protobuf',
    });
    expect(
      readTracingSettings('dondoc-worker', {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/v1/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'dondoc-worker-2',
      }),
    ).toEqual({ serviceName: 'dondoc-worker-2', protocol: 'http/json' });
  });

  it('stays off when OTEL_SDK_DISABLED=true, endpoint or not', () => {
    expect(
      readTracingSettings('dondoc-api', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_SDK_DISABLED: 'true',
      }),
    ).toBeUndefined();
  });

  it('refuses a protocol it cannot export and an endpoint that is not a URL, naming each variable', () => {
    const read = (): unknown =>
      readTracingSettings('dondoc-api', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT[\s\S]*OTEL_EXPORTER_OTLP_PROTOCOL=grpc must be one of http\/protobuf, http\/json/,
    );
  });
});
