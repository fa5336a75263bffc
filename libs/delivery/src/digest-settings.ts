import type { EnvReader } from '@dondoc/config';
import { ValidationError, parseDigestAt } from '@dondoc/domain';

/** When the daily digest goes out: read by the worker, which runs the digest's activities. */
export interface DigestSettings {
  /** `DONDOC_DIGEST_AT` (default 07:30, Vietnam time) as minutes after midnight. */
  digestAtMinute: number;
}

/** Reads `DONDOC_DIGEST_AT`; a bad value becomes one of the reader's problems, named. */
export function readDigestSettings(reader: EnvReader): DigestSettings {
  try {
    return { digestAtMinute: parseDigestAt(reader.string('DONDOC_DIGEST_AT', '')) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    reader.problems.push(error.message);
    return { digestAtMinute: parseDigestAt(undefined) };
  }
}
