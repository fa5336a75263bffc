import { isZeroDuration, parseIsoDuration, ValidationError } from '@dondoc/domain';

/**
 * Settings come from the environment only, validated once at start-up. A bad value stops
 * the process with a message that names the variable and says what it should look like.
 */

/** Thrown when the environment cannot be turned into a valid configuration. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Dondoc cannot start: the environment is not valid.\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads variables one by one, collecting every problem so a newcomer sees them all at once. */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env = process.env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}=${raw} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const value = this.string(name, fallback);
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(
          `${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got ${parsed.protocol}//)`,
        );
      }
    } catch {
      this.problems.push(`${name} is not a URL; expected something like ${fallback}`);
    }
    return value;
  }

  hostPort(name: string, fallback: string): string {
    const value = this.string(name, fallback);
    if (!/^[^\s:]+:\d{1,5}$/.test(value)) {
      this.problems.push(`${name}=${value} must be host:port, for example ${fallback}`);
    }
    return value;
  }

  /** One of a fixed set of words, e.g. DONDOC_AUTH_MODE=local|oidc. */
  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.string(name, fallback);
    if (!allowed.includes(value as T)) {
      this.problems.push(`${name}=${value} must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return value as T;
  }

  /** A comma-separated list; blanks are dropped, so an unset or empty variable is an empty list. */
  list(name: string): string[] {
    return this.string(name, '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  /** A variable that must be set (used when another setting makes it necessary). */
  required(name: string, why: string): string {
    const value = this.string(name, '');
    if (value === '') this.problems.push(`${name} is not set; ${why}`);
    return value;
  }

  /**
   * A size in bytes written as a number with an optional unit (`512kb`, `10mb`, `1048576`),
   * the way body-parser reads limits. Units are binary: 1kb = 1,024 bytes.
   */
  byteSize(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(raw.trim());
    const bytes = match ? Math.floor(Number(match[1]) * BYTE_UNITS[(match[2] ?? 'b').toLowerCase()]!) : Number.NaN;
    if (!Number.isFinite(bytes) || bytes < min || bytes > max) {
      this.problems.push(
        `${name}=${raw} must be a size from ${formatBytes(min)} to ${formatBytes(max)}, such as 512kb or 10mb`,
      );
      return fallback;
    }
    return bytes;
  }

  /** A non-zero ISO-8601 duration such as PT1H. */
  duration(name: string, fallback: string): string {
    const value = this.string(name, fallback);
    try {
      if (isZeroDuration(parseIsoDuration(value, name)))
        this.problems.push(`${name}=${value} must be longer than zero`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.problems.push(`${name}=${value} must be an ISO-8601 duration such as ${fallback}`);
      return fallback;
    }
    return value;
  }

  /** Throws a ConfigError naming every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

const BYTE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** 1048576 → "1mb": limits in messages read the way they are written. */
export function formatBytes(bytes: number): string {
  for (const unit of ['gb', 'mb', 'kb'] as const) {
    const size = BYTE_UNITS[unit]!;
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}b`;
}
