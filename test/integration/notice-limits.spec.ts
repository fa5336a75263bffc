/**
 * Notice storms are refused at the production limit: with DONDOC_MIN_NOTICE_INTERVAL at its
 * default (PT1H), a policy asking for a notice every second — 60 overdue notices a minute for
 * each task before — answers 400 naming the field and the limit, and writes nothing. The other
 * integration suites run with PT1S so they can follow reminders second by second.
 */
import { asClerk, expectError, expectStatus, listAll, type DirectiveView } from './support/api';
import { aDirective, anOrg } from './support/builders';
import { useStack } from './support/use-stack';

const stack = useStack({ env: { DONDOC_MIN_NOTICE_INTERVAL: 'PT1H' } });

describe('the shortest notice interval (PT1H in production)', () => {
  it.each([
    { name: 'an overdue notice every second', policy: { overdueEvery: 'PT1S' }, field: 'reminderPolicy.overdueEvery' },
    {
      name: 'an escalation a minute after the deadline',
      policy: { escalateAfter: 'PT1M' },
      field: 'reminderPolicy.escalateAfter',
    },
    { name: 'a reminder 30 minutes before', policy: { before: ['P1D', 'PT30M'] }, field: 'reminderPolicy.before[1]' },
  ])('refuses $name with 400 naming $field and the limit, and writes nothing', async ({ policy, field }) => {
    const org = await anOrg().create(stack);
    const response = await stack.http.post(
      '/directives',
      aDirective(org).toAll(org.recipients).withPolicy(policy).build(),
      asClerk(org.issuer),
    );
    const body = expectError(response, 400);
    expect(body.errors).toEqual([{ field, problem: 'must be at least PT1H (the shortest interval between notices)' }]);
    const issued = await listAll<DirectiveView>(
      stack,
      `/directives?issuerUnitId=${encodeURIComponent(org.issuer)}`,
      50,
      undefined,
      asClerk(org.issuer),
    );
    expect(issued.items).toEqual([]);
  });

  it('accepts intervals of an hour or more', async () => {
    const org = await anOrg().create(stack);
    const body = aDirective(org)
      .toAll(org.recipients)
      .withPolicy({ before: ['P1D', 'PT1H'], atDeadline: true, overdueEvery: 'PT1H', escalateAfter: 'PT2H' })
      .build();
    const created = expectStatus(
      await stack.http.post<DirectiveView & { reminderPolicy: unknown }>('/directives', body, asClerk(org.issuer)),
      201,
    );
    expect(created.reminderPolicy).toEqual({
      before: ['P1D', 'PT1H'],
      atDeadline: true,
      overdueEvery: 'PT1H',
      escalateAfter: 'PT2H',
    });
  });
});
