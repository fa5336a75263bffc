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
        this.problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got ${parsed.protocol}//)`);
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

  /** Throws a ConfigError naming every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}
