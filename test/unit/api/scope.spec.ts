import type { Role } from '@dondoc/auth';
import { Scope } from '../../../apps/api/src/scope/scope';

/** A scope for a person of `unitId` with `roles`; officers act for `officerUnits` (their unit first). */
function scopeOf(
  unitId: string,
  roles: Role[],
  officerUnits: string[] = roles.includes('officer') ? [unitId] : [],
): Scope {
  return new Scope({ id: 'someone', unitId, roles }, officerUnits);
}

describe('scope: acting', () => {
  it('an officer acts for its own unit and the units it acts for, nobody else', () => {
    const officer = scopeOf('huyen-1', ['officer'], ['huyen-1', 'huyen-1/xa-1']);
    expect(officer.actsFor('huyen-1')).toBe(true);
    expect(officer.actsFor('huyen-1/xa-1')).toBe(true);
    expect(officer.actsFor('huyen-2')).toBe(false);
    expect(officer.clerkOf('huyen-1')).toBe(false);
  });

  it('a clerk manages for its own unit only, and carries out no task as an officer', () => {
    const clerk = scopeOf('tinh-uy/ban-tuyen-giao', ['clerk']);
    expect(clerk.clerkOf('tinh-uy/ban-tuyen-giao')).toBe(true);
    expect(clerk.clerkOf('tinh-uy')).toBe(false);
    expect(clerk.actsFor('tinh-uy/ban-tuyen-giao')).toBe(false);
  });

  it('roles add up in one person', () => {
    const both = scopeOf('huyen-1', ['officer', 'clerk']);
    expect(both.actsFor('huyen-1')).toBe(true);
    expect(both.clerkOf('huyen-1')).toBe(true);
  });
});

describe('scope: what a person reads', () => {
  it('an administrator reads no task, directive or escalation; only their unit’s notices', () => {
    const admin = scopeOf('it-root', ['admin']);
    expect(admin.tasks('t').sql).toBe('FALSE');
    expect(admin.directives('d').sql).toBe('FALSE');
    expect(admin.wholeDirective('d').sql).toBe('FALSE');
    expect(admin.escalations('e').sql).toBe('FALSE');
    expect(admin.notifications('n').params.scopeRecipients).toEqual(['it-root']);
  });

  it('an officer reads tasks by unit and no cascade in full', () => {
    const officer = scopeOf('huyen-1', ['officer'], ['huyen-1', 'huyen-1/xa-1']);
    const tasks = officer.tasks('t');
    expect(tasks.sql).toContain('t.unit_id = ANY(CAST(:scopeOfficerUnits AS text[]))');
    expect(tasks.sql).not.toContain('scope_cascade');
    expect(tasks.params.scopeOfficerUnits).toEqual(['huyen-1', 'huyen-1/xa-1']);
    expect(officer.wholeDirective('d').sql).toBe('FALSE');
    expect(officer.notifications('n').params.scopeRecipients).toEqual(['huyen-1', 'huyen-1/xa-1']);
  });

  it('a clerk reads the cascade from the directives its unit issued; a supervisor from those its body coordinates', () => {
    const clerk = scopeOf('tinh-uy/ban-tuyen-giao', ['clerk']);
    expect(clerk.tasks('t').sql).toContain('issuer_unit_id = :scopeUnit');
    expect(clerk.tasks('t').sql).not.toContain('coordinating_unit_id = :scopeUnit');
    const supervisor = scopeOf('tinh-uy/bcd35', ['supervisor']);
    expect(supervisor.directives('d').sql).toContain('coordinating_unit_id = :scopeUnit');
    expect(supervisor.directives('d').sql).not.toContain('issuer_unit_id = :scopeUnit');
    expect(supervisor.escalations('e').params.scopeUnit).toBe('tinh-uy/bcd35');
  });

  it('one row walks up from its directive; a list builds the cascade once', () => {
    const clerk = scopeOf('tinh-uy/ban-tuyen-giao', ['clerk']);
    expect(clerk.tasks('x', 'row').sql).toContain('scope_up');
    expect(clerk.tasks('x', 'row').sql).not.toContain('scope_cascade');
    expect(clerk.tasks('t').sql).toContain('scope_cascade');
    expect(clerk.wholeDirective('x').sql).toContain('WHERE d.id = x.id');
  });
});
