import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import {
  DELIVERY_ID_HEADER,
  EmailTemplates,
  createSmtpSender,
  deliveryIdOfMessageId,
  messageIdOf,
  renderEventEmail,
  type SmtpSender,
} from '@dondoc/delivery';
import { PERSON_EVENT_SAMPLES, UNIT_NAMES } from './event-builders';

/** A real SMTP server in this process: it parses what it receives, and can be told to refuse. */
class CatchingSmtpServer {
  readonly received: ParsedMail[] = [];
  readonly envelopes: string[][] = [];
  /** An SMTP answer to give to the next RCPT TO, e.g. 450 or 550, instead of accepting it. */
  refuseNextRecipientWith: number | null = null;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const code = this.refuseNextRecipientWith;
      if (code === null) return callback();
      this.refuseNextRecipientWith = null;
      return callback(Object.assign(new Error(`${address.address}: mailbox unavailable`), { responseCode: code }));
    },
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          this.received.push(mail);
          this.envelopes.push(session.envelope.rcptTo.map((r) => r.address));
          callback();
        })
        .catch(callback);
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('SMTP sender (nodemailer against a real SMTP server)', () => {
  const catcher = new CatchingSmtpServer();
  const templates = EmailTemplates.load();
  const from = '"Đôn đốc" <dondoc@bac-kan.gov.vn>';
  let sender: SmtpSender;

  beforeAll(async () => {
    const port = await catcher.start();
    sender = createSmtpSender({
      url: `smtp://127.0.0.1:${port}`,
      from,
      requireTls: false,
      rejectUnauthorized: true,
      timeoutMs: 10_000,
    });
  });

  afterAll(async () => {
    sender.close();
    await catcher.stop();
  });

  it('delivers the rendered reminder with its Vietnamese subject, both bodies and a Message-ID from the delivery', async () => {
    const email = renderEventEmail(templates, PERSON_EVENT_SAMPLES['task.reminder'], {
      unitNames: UNIT_NAMES,
      recipientUnitId: 'bac-kan-city/ubnd',
      instructions: 'Báo cáo <kết quả> trước hạn.',
    });
    const deliveryId = 'task.reminder/4f1c2b7e:1/email/van.phong@bac-kan-city.gov.vn';
    const outcome = await sender.send({ ...email, deliveryId, to: 'van.phong@bac-kan-city.gov.vn' });

    expect(outcome).toEqual({
      outcome: 'delivered',
      reply: expect.stringMatching(/^250 /),
      messageId: messageIdOf(deliveryId, from),
    });
    const mail = catcher.received.at(-1);
    expect(mail?.subject).toBe('[Đôn đốc] Nhắc hạn: 276-CV/TU — còn 1 ngày làm việc');
    expect(mail?.messageId).toBe(messageIdOf(deliveryId, from));
    expect(deliveryIdOfMessageId(mail?.messageId ?? '')).toBe(deliveryId);
    expect(mail?.headers.get(DELIVERY_ID_HEADER.toLowerCase())).toBe(deliveryId);
    expect(mail?.from?.value).toEqual([{ address: 'dondoc@bac-kan.gov.vn', name: 'Đôn đốc' }]);
    expect(catcher.envelopes.at(-1)).toEqual(['van.phong@bac-kan-city.gov.vn']);
    expect(mail?.text).toContain('Thời hạn: 17:00 thứ Sáu, 18/12/2026');
    expect(mail?.text).toContain('Báo cáo <kết quả> trước hạn.');
    expect(mail?.html).toContain('Báo cáo &lt;kết quả&gt; trước hạn.');
    expect(mail?.html).toContain('href="https://dondoc.bac-kan.gov.vn/tasks/4f1c2b7e-0000-4000-8000-000000000276"');
  });

  it('sends a resend with the same Message-ID, so the receiver sees the same message', async () => {
    const email = renderEventEmail(templates, PERSON_EVENT_SAMPLES['task.overdue'], {
      unitNames: UNIT_NAMES,
      recipientUnitId: 'bac-kan-city/ubnd',
      instructions: null,
    });
    const first = await sender.send({ ...email, deliveryId: 'd-resend', to: 'a@bac-kan-city.gov.vn' });
    const second = await sender.send({ ...email, deliveryId: 'd-resend', to: 'a@bac-kan-city.gov.vn' });
    expect([first.outcome, second.outcome]).toEqual(['delivered', 'delivered']);
    const ids = catcher.received.slice(-2).map((mail) => mail.messageId);
    expect(ids).toEqual([messageIdOf('d-resend', from), messageIdOf('d-resend', from)]);
  });

  it('reports a 4xx refusal as retry and a 5xx refusal as rejected, with the server reply', async () => {
    const email = { subject: 's', text: 't', html: '<p>h</p>', deliveryId: 'd-refused', to: 'x@bac-kan-city.gov.vn' };
    catcher.refuseNextRecipientWith = 450;
    expect(await sender.send(email)).toMatchObject({
      outcome: 'retry',
      responseCode: 450,
      reply: expect.stringContaining('450'),
    });
    catcher.refuseNextRecipientWith = 550;
    expect(await sender.send(email)).toMatchObject({
      outcome: 'rejected',
      responseCode: 550,
      reply: expect.stringContaining('550'),
    });
  });

  it('reports a server that is not there as retry', async () => {
    const down = createSmtpSender({
      url: 'smtp://127.0.0.1:1',
      from,
      requireTls: false,
      rejectUnauthorized: true,
      timeoutMs: 2_000,
    });
    try {
      expect(
        await down.send({ subject: 's', text: 't', html: 'h', deliveryId: 'd-down', to: 'x@example.gov.vn' }),
      ).toMatchObject({ outcome: 'retry', responseCode: null });
    } finally {
      down.close();
    }
  });

  it('keeps any delivery id within the characters a Message-ID allows', () => {
    const id = messageIdOf('task.reminder/ä b:c<d>@e', 'dondoc@x.gov.vn');
    expect(id).toMatch(/^<dondoc\.[A-Za-z0-9_-]+@x\.gov\.vn>$/);
    expect(deliveryIdOfMessageId(id)).toBe('task.reminder/ä b:c<d>@e');
    expect(deliveryIdOfMessageId('<abc@elsewhere>')).toBeUndefined();
  });
});
