import { worthRetrying } from '../../../infra/faults/api-client';

describe("the fault suite's client retries what says 'not yet' (worthRetrying)", () => {
  it.each([0, 429, 502, 503, 504])('sends again after %s', (status) => {
    expect(worthRetrying({ status })).toBe(true);
  });

  it('sends again after a 409 that says when (its Idempotency-Key still held by an attempt an outage cut short)', () => {
    expect(worthRetrying({ status: 409, retryAfter: '1' })).toBe(true);
  });

  it.each([200, 201, 400, 404, 422, 500])('takes %s as final', (status) => {
    expect(worthRetrying({ status })).toBe(false);
  });

  it('takes a refused transition (409 without Retry-After) as final', () => {
    expect(worthRetrying({ status: 409 })).toBe(false);
  });
});
