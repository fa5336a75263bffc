import { ValidationError } from '@dondoc/domain';

/** Runs `fn` and returns the ValidationError it throws; fails the test if it throws nothing or something else. */
export function validationErrorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}
