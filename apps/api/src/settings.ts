import type { ApiSettings } from '@dondoc/config';

/** Injection token of the validated API settings. */
export const API_SETTINGS = Symbol('API_SETTINGS');
export type { ApiSettings };
