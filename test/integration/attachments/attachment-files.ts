/**
 * Files and request bodies the attachment tests send: small real files of each kind (typed by
 * their content), and multipart bodies written by hand, so a file name reaches the server byte
 * for byte (fetch's FormData escapes control characters).
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Stack } from '../support/stack';

/** A small but valid PDF with random padding, so each test's file has its own hash. */
export function aPdf(padding = 2048): Buffer {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${randomBytes(padding).toString('hex')}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A Linux executable's first bytes (ELF), which a renamed ".pdf" does not change. */
export function anExecutable(): Buffer {
  const elf = Buffer.alloc(4096);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]).copy(elf);
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(0x3e, 18); // x86-64
  randomBytes(1024).copy(elf, 64);
  return elf;
}

/** Hex SHA-256, as the API shows it. */
export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A multipart body with one part, its file name written as raw UTF-8. */
export function multipart(data: Buffer, fileName: string, field = 'file'): { body: Buffer; contentType: string } {
  const boundary = `----dondoc${randomBytes(8).toString('hex')}`;
  // A name with control characters goes as RFC 5987 filename*, which a header line can carry.
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  const name = /[\u0000-\u001f]/.test(fileName)
    ? `filename*=utf-8''${encodeURIComponent(fileName)}`
    : `filename="${fileName}"`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; ${name}\r\nContent-Type: application/pdf\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { body: Buffer.concat([head, data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The answer to a request, its body parsed when JSON, its headers kept. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  bytes: Buffer;
}

/** POSTs a file to the task's attachments as `authorization`. */
export async function upload(
  stack: Stack,
  taskId: string,
  authorization: string,
  data: Buffer,
  fileName: string,
): Promise<RawAnswer> {
  const { body, contentType } = multipart(data, fileName);
  return send(stack, 'POST', `/tasks/${taskId}/attachments`, authorization, body, contentType);
}

/** Any request, with a raw body; the answer kept as bytes too (downloads). */
export async function send(
  stack: Stack,
  method: string,
  path: string,
  authorization: string,
  body?: Buffer,
  contentType?: string,
): Promise<RawAnswer> {
  const headers: Record<string, string> = { authorization, accept: '*/*' };
  if (contentType !== undefined) headers['content-type'] = contentType;
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(60_000),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  let parsed: unknown = bytes.toString('utf8');
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    // not JSON: a download
  }
  return { status: response.status, headers: response.headers, body: parsed, bytes };
}

/** How a too-large upload ended: the status line if one arrived, and how much had been sent. */
export interface OversizedOutcome {
  /** The answer's status, or null when the server closed before the client could read one. */
  status: number | null;
  sentBytes: number;
  answer: string;
}

/**
 * Sends the start of a body far larger than the limit on a raw socket and waits for the answer.
 * With `announce` the Content-Length says the full size and only a few hundred bytes follow:
 * the answer must come without the rest. Without it the body is chunked and keeps coming
 * (each write awaited) until the server answers or closes, at most `totalBytes`.
 */
export function sendOversized(
  stack: Stack,
  taskId: string,
  authorization: string,
  totalBytes: number,
  announce: boolean,
): Promise<OversizedOutcome> {
  const url = new URL(`${stack.baseUrl}/tasks/${taskId}/attachments`);
  const boundary = `----dondoc${randomBytes(8).toString('hex')}`;
  const part = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
  );
  const head = [
    `POST ${url.pathname} HTTP/1.1`,
    `Host: ${url.host}`,
    `Authorization: ${authorization}`,
    `Content-Type: multipart/form-data; boundary=${boundary}`,
    announce ? `Content-Length: ${totalBytes}` : 'Transfer-Encoding: chunked',
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    let received = '';
    let sentBytes = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
      resolve({ status: status ? Number(status[1]) : null, sentBytes, answer: received });
    };
    socket.on('data', (data: Buffer) => {
      received += data.toString('utf8');
      if (received.includes('\r\n\r\n') && /"errors"/.test(received)) finish();
    });
    // A server that stops reading closes the connection under a client still writing: that ends it too.
    socket.on('error', finish);
    socket.on('close', finish);
    const write = (data: Buffer): Promise<void> =>
      new Promise((next) => {
        sentBytes += data.length;
        socket.write(
          announce ? data : Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]),
          () => next(),
        );
      });
    void (async () => {
      socket.write(head);
      await write(part);
      if (announce) return;
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      while (!done && received === '' && sentBytes + chunk.length <= totalBytes) await write(chunk);
    })();
    setTimeout(finish, 60_000).unref();
  });
}
