/** A real SMTP server in the test's process that keeps what it receives, parsed. */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { DELIVERY_ID_HEADER } from '@dondoc/delivery';

/** One e-mail as the tests read it. */
export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
  /** The `X-Dondoc-Delivery-Id` header: `digest/<contactId>/<date>` for a digest. */
  deliveryId: string;
}

/** Accepts every message on a free local port; `received` in arrival order. */
export class CatchingSmtpServer {
  readonly received: CaughtMail[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          for (const recipient of session.envelope.rcptTo) {
            this.received.push({
              to: recipient.address,
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              deliveryId: String(mail.headers.get(DELIVERY_ID_HEADER.toLowerCase()) ?? ''),
            });
          }
          callback();
        })
        .catch(callback);
    },
  });

  /** Listens on a free port of 127.0.0.1; answers it. */
  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The task ids a digest's plain text lists under each heading, each list sorted. */
export function digestSections(text: string): { dueSoon: string[]; overdue: string[]; escalations: string[] } {
  const sections = { dueSoon: [] as string[], overdue: [] as string[], escalations: [] as string[] };
  const headings: Record<string, keyof typeof sections> = {
    'Sắp đến hạn:': 'dueSoon',
    'Quá hạn:': 'overdue',
    'Đang chuyển cấp xử lý:': 'escalations',
  };
  let current: keyof typeof sections | undefined;
  for (const line of text.split('\n')) {
    const heading = headings[line.trim()];
    if (heading !== undefined) current = heading;
    const taskId = /\/tasks\/([0-9a-f-]{36})/.exec(line)?.[1];
    if (taskId !== undefined && current !== undefined) sections[current].push(taskId);
  }
  for (const list of Object.values(sections)) list.sort();
  return sections;
}
