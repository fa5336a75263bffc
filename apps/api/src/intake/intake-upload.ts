/**
 * The multipart side of POST /intake: one file in the field `file`, kept in memory (at most
 * 20 MB, so no temporary files to clean), and the errors of reading it answered as 400 or 413
 * with the field and the limit named.
 */
import {
  ArgumentsHost,
  Catch,
  Injectable,
  type CallHandler,
  type ExceptionFilter,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { FILE_LIMITS, IntakeFileError } from '@dondoc/intake';
import { sendError } from '../errors/send-error';

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: FILE_LIMITS.maxBytes, files: 1, fields: 5, fieldSize: 64 * 1024, parts: 8 },
}).single('file');

const MULTER_MESSAGES: Record<string, string> = {
  LIMIT_FILE_SIZE: `the file is larger than ${FILE_LIMITS.maxBytes / 1024 / 1024} MB, the most that can be read`,
  LIMIT_UNEXPECTED_FILE: 'send the letter as one file in the multipart field "file"',
  LIMIT_FILE_COUNT: 'send one file at a time',
};

/** Parses a multipart body (other bodies pass untouched, to the JSON parser's result). */
@Injectable()
export class IntakeUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (request.is('multipart/form-data')) {
      await new Promise<void>((resolve, reject) => {
        upload(request, http.getResponse<Response>(), (error: unknown) => {
          if (!error) return resolve();
          const code = (error as { code?: string }).code ?? '';
          const message = MULTER_MESSAGES[code] ?? `the multipart body cannot be read: ${(error as Error).message}`;
          return reject(new IntakeFileError(message, code === 'LIMIT_FILE_SIZE' ? 413 : 400));
        });
      });
    }
    return next.handle();
  }
}

/** A file the reader cannot use: 400 or 413, naming the field `file` and the problem. */
@Catch(IntakeFileError)
export class IntakeFileErrorFilter implements ExceptionFilter {
  catch(exception: IntakeFileError, host: ArgumentsHost): void {
    const error = exception.status === 413 ? 'Payload Too Large' : 'Bad Request';
    const http = host.switchToHttp();
    sendError(http.getRequest<Request>(), http.getResponse<Response>(), {
      statusCode: exception.status,
      error,
      message: `file: ${exception.message}`,
      errors: [{ field: 'file', problem: exception.message }],
    });
  }
}
