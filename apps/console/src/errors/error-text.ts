import type { TFunction } from 'i18next';
import { ApiError } from '../api/api-error';

/**
 * What a person reads for a failed call: the API's problem per field for a 400, and for the
 * others what they can do about it — not allowed (403), reload (409), try again shortly (503).
 */
export function errorText(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('errors.unknown', { status: '?' });
  switch (error.status) {
    case 0:
      return t('errors.network');
    case 400:
    case 413:
      return t('errors.badRequest');
    case 401:
      return t('errors.unauthorized');
    case 403:
      return t('errors.forbidden');
    case 404:
      return t('errors.notFound');
    case 409:
      return t('errors.conflict');
    case 429:
      return t('errors.tooMany');
    case 502:
    case 503:
    case 504:
      return t('errors.unavailable');
    default:
      return t('errors.unknown', { status: error.status });
  }
}

/** The problem the API named for one field of a 400, to show under that input. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError && error.status === 400 ? error.fieldProblems()[field] : undefined;
}

/** Problems of a 400 whose fields no input on the screen shows, so none is lost. */
export function otherFieldErrors(error: unknown, shown: readonly string[]): string[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  return Object.entries(error.fieldProblems())
    .filter(([field]) => !shown.includes(field))
    .map(([field, problem]) => `${field}: ${problem}`);
}
