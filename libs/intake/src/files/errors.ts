/** A file the reader cannot use, with the HTTP status that fits: 400 for bad input, 413 for too large. */
export class IntakeFileError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 = 400,
  ) {
    super(message);
    this.name = 'IntakeFileError';
  }
}

/** What the reader accepts; the API and the command enforce the same numbers. */
export const FILE_LIMITS = {
  /** Largest file, in bytes. */
  maxBytes: 20 * 1024 * 1024,
  /** Most pages of a PDF or a multi-page TIFF. */
  maxPages: 30,
  /** Smallest side of an image, in pixels, below which no text can be read. */
  minImageSide: 300,
} as const;
