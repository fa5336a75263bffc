import { ConfigError, loadApiSettings } from '@dondoc/config';

describe('what the API checks when a webhook is registered (DONDOC_WEBHOOK_*)', () => {
  it('refuses private addresses and keeps a rotated secret 24 hours by default', () => {
    expect(loadApiSettings({}).webhooks).toEqual({ allowPrivate: false, secretGrace: 'PT24H' });
  });

  it('reads the development switch and another grace', () => {
    expect(
      loadApiSettings({ DONDOC_WEBHOOK_ALLOW_PRIVATE: 'true', DONDOC_WEBHOOK_SECRET_GRACE: 'P2D' }).webhooks,
    ).toEqual({ allowPrivate: true, secretGrace: 'P2D' });
  });

  it('refuses a grace that is not a duration longer than zero, and a switch that is not true or false', () => {
    expect(() => loadApiSettings({ DONDOC_WEBHOOK_SECRET_GRACE: '24h' })).toThrow(
      'DONDOC_WEBHOOK_SECRET_GRACE=24h must be an ISO-8601 duration such as PT24H',
    );
    expect(() => loadApiSettings({ DONDOC_WEBHOOK_SECRET_GRACE: 'PT0S' })).toThrow(ConfigError);
    expect(() => loadApiSettings({ DONDOC_WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(
      'DONDOC_WEBHOOK_ALLOW_PRIVATE=yes must be one of true, false',
    );
  });
});
