import type { LoggerService } from '@nestjs/common';
import { currentRequestContext } from './request-context';

/** Where log lines go; one JSON object per line. */
export type LineWriter = (line: string) => void;

/** Writes to stdout, one line per call. */
export const stdoutWriter: LineWriter = (line) => {
  process.stdout.write(`${line}\n`);
};

type Level = 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'fatal';

/**
 * Nest's logger as structured JSON lines: time, level, context, message and, inside a request,
 * its id, so a line can be traced to the request (and the audit record) it belongs to. Stacks
 * go to the log, never to a response body.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly write: LineWriter = stdoutWriter,
    private readonly now: () => Date = () => new Date(),
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.line('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.line('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.line('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.line('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.line('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.line('fatal', message, rest);
  }

  /** Writes one line of any shape, adding time and request id (used by the request log). */
  record(level: Level, fields: Record<string, unknown>): void {
    const requestId = currentRequestContext()?.requestId;
    this.write(JSON.stringify({ time: this.now().toISOString(), level, ...(requestId === undefined ? {} : { requestId }), ...fields }));
  }

  // Nest passes (message, context) or, for errors, (message, stack, context).
  private line(level: Level, message: unknown, rest: unknown[]): void {
    const strings = rest.filter((r): r is string => typeof r === 'string');
    const context = strings.length > 0 ? strings[strings.length - 1] : undefined;
    const stack = level === 'error' && strings.length > 1 ? strings[0] : message instanceof Error ? message.stack : undefined;
    const msg = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    this.record(level, { ...(context === undefined ? {} : { context }), msg, ...(stack === undefined ? {} : { stack }) });
  }
}
