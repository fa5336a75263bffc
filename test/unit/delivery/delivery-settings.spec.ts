import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, EnvReader } from '@dondoc/config';
import { EmailTemplates, readDeliverySettings, shippedTemplatesDirectory } from '@dondoc/delivery';

describe('delivery settings', () => {
  it('works on a developer machine with nothing set', () => {
    const reader = new EnvReader({});
    const settings = readDeliverySettings(reader);
    expect(() => reader.done()).not.toThrow();
    expect(settings).toMatchObject({
      smtp: { url: 'smtp://127.0.0.1:1025', requireTls: false, rejectUnauthorized: true, timeoutMs: 15_000 },
      publicUrl: 'http://127.0.0.1:3000',
      webhook: { allowPrivate: false, timeoutMs: 10_000 },
      workingHours: { kind: 'window', startMinute: 450, endMinute: 1020 },
      holdEscalations: true,
      backoff: { window: 'PT24H' },
    });
  });

  it('reads every variable', () => {
    const settings = readDeliverySettings(
      new EnvReader({
        DONDOC_SMTP_URL: 'smtps://mail.bac-kan.gov.vn:465',
        DONDOC_MAIL_FROM: 'dondoc@bac-kan.gov.vn',
        DONDOC_SMTP_REQUIRE_TLS: 'true',
        DONDOC_WEBHOOK_ALLOW_PRIVATE: 'true',
        DONDOC_WORKING_HOURS: 'always',
        DONDOC_HOLD_ESCALATIONS: 'false',
        DONDOC_DELIVERY_RETRY_WINDOW: 'P2D',
      }),
    );
    expect(settings).toMatchObject({
      smtp: { url: 'smtps://mail.bac-kan.gov.vn:465', requireTls: true },
      webhook: { allowPrivate: true },
      workingHours: { kind: 'always' },
      holdEscalations: false,
      backoff: { window: 'P2D' },
    });
  });

  it('names every bad variable at once', () => {
    const reader = new EnvReader({
      DONDOC_SMTP_URL: 'http://mail',
      DONDOC_MAIL_FROM: 'nobody',
      DONDOC_WORKING_HOURS: '9-5',
      DONDOC_DELIVERY_RETRY_WINDOW: 'PT0S',
      DONDOC_WEBHOOK_ALLOW_PRIVATE: 'yes',
    });
    readDeliverySettings(reader);
    expect(() => reader.done()).toThrow(ConfigError);
    expect(reader.problems.join('\n')).toEqual(
      expect.stringMatching(
        /DONDOC_SMTP_URL[\s\S]*DONDOC_MAIL_FROM[\s\S]*DONDOC_WEBHOOK_ALLOW_PRIVATE[\s\S]*DONDOC_WORKING_HOURS[\s\S]*DONDOC_DELIVERY_RETRY_WINDOW/,
      ),
    );
  });
});

describe('e-mail templates on disk', () => {
  it('refuses to start without a template for an event a person receives, naming the file', () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'dondoc-templates-'));
    try {
      cpSync(shippedTemplatesDirectory(), copy, { recursive: true });
      rmSync(path.join(copy, 'task.returned.html'));
      expect(() => EmailTemplates.load(copy)).toThrow(/task\.returned\.html is missing/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
