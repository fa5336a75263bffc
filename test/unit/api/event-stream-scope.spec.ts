import type { Role } from '@dondoc/auth';
import type { AnyDondocEvent } from '@dondoc/domain';
import { Scope } from '../../../apps/api/src/scope/scope';

function scopeOf(unitId: string, roles: Role[], actsBelow = false): Scope {
  return new Scope({ id: 'someone', unitId, roles }, actsBelow);
}

/** The commune's ids from the root down, as the feed reads them with each event. */
const COMMUNE_ANCESTRY = ['tinh', 'huyen-1', 'huyen-1/xa-1'];

const envelope = {
  version: 1,
  occurredAt: '2026-12-06T00:00:00.000Z',
  directiveId: 'd1',
  directiveNumber: '1-CV/TU',
  directiveSubject: 'Chủ đề',
  taskId: 't1',
  dueAt: '2026-12-20T00:00:00.000Z',
  link: null,
} as const;

const assigned: AnyDondocEvent = {
  ...envelope,
  id: 'task.assigned/t1:assigned',
  type: 'task.assigned',
  unitId: 'huyen-1/xa-1',
  data: { role: 'lead', assigneeSub: null },
};

const escalated: AnyDondocEvent = {
  ...envelope,
  id: 'escalation.opened/e1',
  type: 'escalation.opened',
  unitId: 'huyen-1/xa-1',
  data: { escalationId: 'e1', level: 1, coordinatingUnitId: 'tinh-uy/bcd35', scheduledAt: envelope.occurredAt },
};

describe('the event stream’s scope', () => {
  it('shows an officer the events of the units it acts for, and no other unit’s', () => {
    expect(scopeOf('huyen-1/xa-1', ['officer']).streamsEvent(assigned, COMMUNE_ANCESTRY)).toBe(true);
    expect(scopeOf('huyen-1', ['officer'], true).streamsEvent(assigned, COMMUNE_ANCESTRY)).toBe(true);
    expect(scopeOf('huyen-1', ['officer'], false).streamsEvent(assigned, COMMUNE_ANCESTRY)).toBe(false);
    expect(scopeOf('huyen-2', ['officer'], true).streamsEvent(assigned, COMMUNE_ANCESTRY)).toBe(false);
  });

  it('shows a supervisor the escalations told to its body, but not the task’s other events', () => {
    const supervisor = scopeOf('tinh-uy/bcd35', ['supervisor']);
    expect(supervisor.streamsEvent(escalated)).toBe(true);
    expect(supervisor.streamsEvent(assigned)).toBe(false);
    expect(scopeOf('tinh-uy/other', ['supervisor']).streamsEvent(escalated)).toBe(false);
  });

  it('shows a body’s clerk, who is not its supervisor, no escalation told to it', () => {
    expect(scopeOf('tinh-uy/bcd35', ['clerk']).streamsEvent(escalated)).toBe(false);
  });
});
