/**
 * The multipart side of POST /tasks/:id/attachments, streamed: busboy hands over the one file
 * part as it arrives, the bytes go through a head capture (for the sniffer) into the blob store's
 * temporary object, hashed and counted there. Nothing holds the file whole. A body announced
 * larger than the limit is refused from its Content-Length before a byte is read; one that only
 * turns out larger is refused at the first byte past the limit, and the rest is never read (the
 * connection closes after the answer).
 */
import { ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { Transform, type Readable } from 'node:stream';
import type { BlobStore, PendingBlob } from '@dondoc/storage';
import { fileNameProblem, sniffAttachmentType, SNIFF_BYTES } from './attachment-files';
import { sendError } from '../errors/send-error';

/** Room for the multipart envelope (boundaries, part headers) around the file itself. */
const MULTIPART_ENVELOPE_BYTES = 64 * 1024;

/** A file checked and written to the store's temporary object, not yet committed. */
export interface ReceivedAttachment {
  pending: PendingBlob;
  fileName: string;
  contentType: string;
}

/** An upload refused: 400, 413 or 415, naming the field and the problem (in Vietnamese). */
export class AttachmentUploadError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'AttachmentUploadError';
  }
}

/** Passes bytes on, keeping the first `limit` of them for the sniffer. */
class HeadCapture extends Transform {
  private readonly chunks: Buffer[] = [];
  private kept = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void) {
    if (this.kept < this.limit) {
      const part = chunk.subarray(0, this.limit - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    done(null, chunk);
  }

  head(): Uint8Array {
    return Buffer.concat(this.chunks);
  }
}

const TOO_LARGE = (maxBytes: number): AttachmentUploadError =>
  new AttachmentUploadError(413, 'file', `tệp lớn hơn ${Math.floor(maxBytes / 1024 / 1024)} MB, mức tối đa được nhận`);

/** Reads the one file of the request into `store`'s temporary object, checking it on the way. */
export function receiveAttachment(request: Request, store: BlobStore, maxBytes: number): Promise<ReceivedAttachment> {
  if (!request.is('multipart/form-data')) {
    return Promise.reject(
      new AttachmentUploadError(400, 'file', 'hãy gửi tệp dạng multipart/form-data, trong trường "file"'),
    );
  }
  const announced = Number(request.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(announced) && announced > maxBytes + MULTIPART_ENVELOPE_BYTES) {
    return Promise.reject(TOO_LARGE(maxBytes));
  }
  return new Promise<ReceivedAttachment>((resolve, reject) => {
    let settled = false;
    let upload: Promise<ReceivedAttachment> | undefined;
    const parser = busboy({
      headers: request.headers,
      defParamCharset: 'utf8',
      // The name as sent, so a path in it is refused rather than quietly cut to its last part.
      preservePath: true,
      limits: { files: 1, fileSize: maxBytes, fields: 0, parts: 2 },
    });
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      reject(error);
    };
    parser.on('file', (field: string, stream: Readable, info: busboy.FileInfo) => {
      if (field !== 'file' || upload !== undefined) {
        stream.resume();
        return fail(new AttachmentUploadError(400, field, 'chỉ gửi một tệp, trong trường "file"'));
      }
      const fileName = info.filename ?? '';
      const problem = fileNameProblem(fileName);
      if (problem !== null) {
        stream.resume();
        return fail(new AttachmentUploadError(400, 'file', problem));
      }
      // Stop reading the body at the first byte past the limit, not once the write has unwound.
      stream.once('limit', () => fail(TOO_LARGE(maxBytes)));
      upload = checkAndWrite(stream, fileName, store, maxBytes);
      upload.catch(fail);
    });
    const refuse = (problem: string) => () => fail(new AttachmentUploadError(400, 'file', problem));
    parser.on('filesLimit', refuse('chỉ gửi một tệp mỗi lần'));
    parser.on('fieldsLimit', refuse('chỉ gửi tệp trong trường "file", không kèm trường khác'));
    parser.on('partsLimit', refuse('chỉ gửi một tệp, trong trường "file"'));
    parser.on('error', (error: Error) =>
      fail(
        new AttachmentUploadError(
          400,
          'file',
          `không đọc được thân multipart (phần tệp hỏng, hoặc tên tệp có ký tự không hợp lệ): ${error.message}`,
        ),
      ),
    );
    parser.on('close', () => {
      if (upload === undefined) return fail(new AttachmentUploadError(400, 'file', 'thiếu tệp trong trường "file"'));
      upload.then((received) => {
        if (settled) return void received.pending.discard();
        settled = true;
        resolve(received);
      }, fail);
    });
    request.on('aborted', () => fail(new AttachmentUploadError(400, 'file', 'tệp chưa gửi hết thì kết nối đã đóng')));
    request.pipe(parser);
  });
}

/** Streams one file part into the store, then checks size and type; a refused file is discarded. */
async function checkAndWrite(
  stream: Readable,
  fileName: string,
  store: BlobStore,
  maxBytes: number,
): Promise<ReceivedAttachment> {
  const head = new HeadCapture(SNIFF_BYTES);
  let tooLarge = false;
  stream.on('limit', () => {
    tooLarge = true;
    head.destroy(TOO_LARGE(maxBytes));
  });
  stream.on('error', (error: Error) => head.destroy(error));
  stream.pipe(head);
  let pending: PendingBlob;
  try {
    pending = await store.write(head);
  } catch (error) {
    throw tooLarge ? TOO_LARGE(maxBytes) : error;
  }
  const refusal = tooLarge
    ? TOO_LARGE(maxBytes)
    : pending.size === 0
      ? new AttachmentUploadError(400, 'file', 'tệp trống (0 byte)')
      : null;
  const sniffed = refusal === null ? await sniffAttachmentType(head.head()) : null;
  const error =
    refusal ??
    (sniffed !== null && 'problem' in sniffed ? new AttachmentUploadError(415, 'file', sniffed.problem) : null);
  if (error !== null || sniffed === null || 'problem' in sniffed) {
    await pending.discard();
    throw error ?? new AttachmentUploadError(400, 'file', 'không kiểm tra được tệp');
  }
  return { pending, fileName, contentType: sniffed.type };
}

const ERROR_NAMES = { 400: 'Bad Request', 413: 'Payload Too Large', 415: 'Unsupported Media Type' } as const;

/** Answers a refused upload in the API's error shape; a body left unread closes the connection. */
@Catch(AttachmentUploadError)
export class AttachmentUploadErrorFilter implements ExceptionFilter {
  catch(exception: AttachmentUploadError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    // The rest of the body is not read: keeping the connection would leave it to the next request.
    if (!request.complete) response.setHeader('Connection', 'close');
    sendError(request, response, {
      statusCode: exception.status,
      error: ERROR_NAMES[exception.status],
      message: exception.message,
      errors: [{ field: exception.field, problem: exception.problem }],
    });
  }
}
