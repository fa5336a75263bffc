import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/** A pass-through stream that hashes (SHA-256) and counts what flows through it. */
export interface HashingCounter {
  stream: Transform;
  /** Valid once the stream has ended. */
  result(): { sha256: string; size: number };
}

/** Hashes while the bytes stream on, so no store ever holds an upload whole to hash it. */
export function hashingCounter(): HashingCounter {
  const hash = createHash('sha256');
  let size = 0;
  let digest: string | undefined;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      digest = hash.digest('hex');
      done();
    },
  });
  return {
    stream,
    result: () => {
      if (digest === undefined) throw new Error('the stream has not ended yet');
      return { sha256: digest, size };
    },
  };
}
