import type { LoggerOptions } from 'pino';

/**
 * How every Dondoc process writes its log: one JSON object per line with an ISO `time`, the
 * level by name (`"level":"info"`, not pino's number) and no pid/hostname (the platform that
 * collects the lines knows where they came from). Every level is written, as Nest's own
 * logger does. A `stack` field instead of pino's nested `err` keeps the lines' shape as it
 * was before pino, for whoever already parses them.
 */
export function jsonLogOptions(): LoggerOptions {
  return {
    level: 'trace',
    base: undefined,
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: {
      level: (label) => ({ level: label }),
      log: (fields) => {
        const { err, ...rest } = fields;
        return err instanceof Error ? { ...rest, stack: err.stack } : fields;
      },
    },
  };
}
