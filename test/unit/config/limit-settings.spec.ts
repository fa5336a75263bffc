import { ConfigError, loadApiSettings } from '@dondoc/config';

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('limit and time-out settings', () => {
  it('default to an hour between notices, bounded database waits and a 4 s Temporal call budget', () => {
    const settings = loadApiSettings({});
    expect(settings.limits).toEqual({ minNoticeInterval: 'PT1H' });
    expect(settings.database).toMatchObject({ connectTimeoutMs: 5_000, statementTimeoutMs: 60_000 });
    expect(settings.temporalCallTimeoutMs).toBe(4_000);
  });

  it('take a shorter notice interval for test suites', () => {
    expect(loadApiSettings({ DONDOC_MIN_NOTICE_INTERVAL: 'PT1S' }).limits.minNoticeInterval).toBe('PT1S');
  });

  it('refuse a notice interval that is not a positive ISO-8601 duration, naming the variable', () => {
    expect(problemsOf(() => loadApiSettings({ DONDOC_MIN_NOTICE_INTERVAL: '1h' }))).toEqual([
      'DONDOC_MIN_NOTICE_INTERVAL=1h must be an ISO-8601 duration such as PT1H',
    ]);
    expect(problemsOf(() => loadApiSettings({ DONDOC_MIN_NOTICE_INTERVAL: 'PT0S' }))).toEqual([
      'DONDOC_MIN_NOTICE_INTERVAL=PT0S must be longer than zero',
    ]);
    expect(problemsOf(() => loadApiSettings({ DONDOC_DB_CONNECT_TIMEOUT_MS: '0' }))).toEqual([
      'DONDOC_DB_CONNECT_TIMEOUT_MS=0 must be a whole number from 100 to 120000',
    ]);
  });
});
