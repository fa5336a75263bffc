import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  AuthenticationError,
  AuthUnavailableError,
  MalformedClaimsError,
  MissingTokenError,
  RoleNotAllowedError,
} from '@dondoc/auth';
import { IllegalTransitionError, ValidationError } from '@dondoc/domain';
import { isDatabaseUnavailable } from './database-errors';
import { ConflictError, FieldErrors, NotFoundError, OutOfScopeError, UnavailableError } from './errors';
import { sendError } from './send-error';

/** The one body shape every error answer has. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: { field: string; problem: string }[];
  details?: Record<string, unknown>;
}

/**
 * Maps errors to HTTP once, at the edge: domain errors by type, Nest's own HTTP errors
 * as they are, anything else as a 500 without internals in the body.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (exception instanceof UnavailableError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (exception instanceof AuthUnavailableError) response.setHeader('Retry-After', '5');
    const databaseDown = isDatabaseUnavailable(exception);
    if (databaseDown) response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    if (exception instanceof AuthenticationError) response.setHeader('WWW-Authenticate', wwwAuthenticate(exception));
    if (exception instanceof AuthUnavailableError) this.logger.warn(`token keys unavailable: ${exception.detail}`);
    if (databaseDown) this.logger.warn(`database unavailable: ${(exception as Error).message}`);
    else if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    sendError(host.switchToHttp().getRequest<Request>(), response, body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof FieldErrors) {
      return { statusCode: 400, error: 'Bad Request', message: exception.message, errors: exception.errors };
    }
    if (exception instanceof ValidationError) {
      return {
        statusCode: 400,
        error: 'Bad Request',
        message: exception.message,
        errors: [{ field: exception.field, problem: exception.problem }],
      };
    }
    if (exception instanceof NotFoundError) return { statusCode: 404, error: 'Not Found', message: exception.message };
    if (exception instanceof IllegalTransitionError) {
      return {
        statusCode: 409,
        error: 'Conflict',
        message: exception.message,
        details: { status: exception.status, action: exception.action, allowedActions: exception.allowedActions },
      };
    }
    if (exception instanceof ConflictError) {
      return { statusCode: 409, error: 'Conflict', message: exception.message, details: exception.details };
    }
    if (exception instanceof AuthenticationError) {
      const claim = exception instanceof MalformedClaimsError ? { claim: exception.claim } : {};
      return {
        statusCode: 401,
        error: 'Unauthorized',
        message: exception.message,
        details: { code: exception.code, ...claim },
      };
    }
    if (exception instanceof RoleNotAllowedError) {
      return {
        statusCode: 403,
        error: 'Forbidden',
        message: exception.message,
        details: { allowedRoles: exception.allowed },
      };
    }
    if (exception instanceof OutOfScopeError) {
      return {
        statusCode: 403,
        error: 'Forbidden',
        message: exception.message,
        ...(exception.errors.length > 0 ? { errors: exception.errors } : {}),
        details: { code: exception.code },
      };
    }
    if (exception instanceof AuthUnavailableError) {
      return { statusCode: 503, error: 'Service Unavailable', message: exception.message };
    }
    if (exception instanceof UnavailableError) {
      return { statusCode: 503, error: 'Service Unavailable', message: exception.message };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const message = typeof raw === 'string' ? raw : ((raw as { message?: unknown }).message ?? exception.message);
      return {
        statusCode: status,
        error:
          HttpStatus[status]
            ?.toLowerCase()
            .replace(/(^|_)(\w)/g, (_m, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase()) ?? 'Error',
        message: this.describeHttpMessage(status, message),
      };
    }
    if (isBodyParserError(exception)) {
      const status = exception.status;
      return {
        statusCode: status,
        error: HTTP_ERROR_NAMES[status] ?? 'Bad Request',
        message: this.describeHttpMessage(status, exception.message),
      };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is not reachable right now; retry in a few seconds.',
      };
    }
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side; it has been logged.',
    };
  }

  /** Body-parser errors carry internals (positions, stack); say plainly what is wrong instead. */
  private describeHttpMessage(status: number, message: unknown): string {
    const text = Array.isArray(message) ? message.join('; ') : String(message);
    if (status === 400 && /JSON/i.test(text)) return `The request body is not valid JSON: ${text}`;
    if (status === 413) return 'The request body is too large.';
    return text;
  }
}

/** RFC 6750: no error code when no token was sent; `invalid_token` when one was refused. */
function wwwAuthenticate(error: AuthenticationError): string {
  return error instanceof MissingTokenError
    ? 'Bearer realm="dondoc"'
    : `Bearer realm="dondoc", error="invalid_token", error_description="${headerSafe(error.message)}"`;
}

/**
 * RFC 6750 limits error_description to printable ASCII without `"` and `\`; a header holding
 * anything else makes Node refuse the whole answer. Typographic quotes become plain ones first.
 */
export function headerSafe(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201C\u201D]/g, "'")
    .replace(/["\\]/g, "'")
    .replace(/[^\x20-\x7E]/g, '');
}

/** How long a client should wait before retrying while the database is unreachable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

const HTTP_ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
};

/**
 * Errors the body parsers raise (http-errors: malformed JSON, too large, unknown charset) are the
 * client's, not ours; they reach the filter as plain errors with a 4xx `status` and `expose`.
 */
function isBodyParserError(exception: unknown): exception is Error & { status: number } {
  if (!(exception instanceof Error)) return false;
  const { status, expose } = exception as Error & { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}
