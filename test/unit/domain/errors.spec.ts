import { DomainError, IllegalTransitionError, ValidationError } from '@dondoc/domain';

describe('domain errors', () => {
  it('names the field and the problem in a validation error', () => {
    const error = new ValidationError('reminderPolicy.before[1]', 'must be longer than zero');
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ValidationError');
    expect(error.code).toBe('VALIDATION');
    expect(error.field).toBe('reminderPolicy.before[1]');
    expect(error.problem).toBe('must be longer than zero');
    expect(error.message).toBe('reminderPolicy.before[1]: must be longer than zero');
  });

  it('carries the refused action and what is allowed instead', () => {
    const error = new IllegalTransitionError('submitted', 'submit', ['accept', 'return']);
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe('IllegalTransitionError');
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.status).toBe('submitted');
    expect(error.action).toBe('submit');
    expect(error.allowedActions).toEqual(['accept', 'return']);
    expect(error.message).toBe('cannot submit a task that is submitted; allowed actions: accept, return');
  });

  it('says "none" when no action is allowed', () => {
    expect(new IllegalTransitionError('completed', 'submit', []).message).toBe(
      'cannot submit a task that is completed; allowed actions: none',
    );
  });

  it('keeps a stack trace', () => {
    expect(new ValidationError('x', 'y').stack).toContain('ValidationError');
  });
});
