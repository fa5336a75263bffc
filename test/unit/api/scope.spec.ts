import type { Role } from '@dondoc/auth';
import { Scope } from '../../../apps/api/src/scope/scope';

/** A scope for a person of `unitId` with `roles`; `actsBelow` when their unit acts for its sub-units. */
function scopeOf(unitId: string, roles: Role[], actsBelow = false): Scope {
  return new Scope({ id: 'someone', unitId, roles }, actsBelow);
}

/** The SQL that matches every unit below the person's own through the units' ancestry. */
const BELOW = 'SELECT scope_unit.id FROM units scope_unit WHERE scope_unit.ancestry @> ARRAY[CAST(:scopeUnit AS text)]';

describe('scope: acting', () => {
  it('an officer acts for its own unit and the units it acts for, nobody else', () => {
    const officer = scopeOf('huyen-1', ['officer'], true);
    expect(officer.actsFor('huyen-1')).toBe(true);
    expect(officer.actsFor('huyen-1/xa-1', ['tinh', 'huyen-1', 'huyen-1/xa-1'])).toBe(true);
    expect(officer.actsFor('huyen-2', ['tinh', 'huyen-2'])).toBe(false);
    expect(officer.clerkOf('huyen-1')).toBe(false);
    expect(officer.needsAncestry('huyen-1/xa-1')).toBe(true);
    expect(officer.needsAncestry('huyen-1')).toBe(false);
  });

  it('an officer of a unit that does not act for its sub-units acts for its own unit only', () => {
    const officer = scopeOf('huyen-1', ['officer']);
    expect(officer.actsFor('huyen-1')).toBe(true);
    expect(officer.actsFor('huyen-1/xa-1', ['tinh', 'huyen-1', 'huyen-1/xa-1'])).toBe(false);
    expect(officer.needsAncestry('huyen-1/xa-1')).toBe(false);
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
    expect(admin.notifications('n').sql).toBe('(n.recipient_unit_id = :scopeUnit)');
    expect(admin.notifications('n').params.scopeUnit).toBe('it-root');
  });

  it('an officer reads tasks by unit and no cascade in full', () => {
    const officer = scopeOf('huyen-1', ['officer'], true);
    const tasks = officer.tasks('t');
    expect(tasks.sql).toContain(`t.unit_id IN (${BELOW})`);
    expect(tasks.sql).not.toContain('scope_cascade');
    expect(tasks.params).toEqual({ scopeUnit: 'huyen-1' });
    expect(officer.wholeDirective('d').sql).toBe('FALSE');
    expect(officer.notifications('n').sql).toBe(`(n.recipient_unit_id IN (${BELOW}))`);
    expect(officer.notifications('n').params).toEqual({ scopeUnit: 'huyen-1' });
    const ownUnitOnly = scopeOf('huyen-1', ['officer']);
    expect(ownUnitOnly.tasks('t').sql).toBe('(t.unit_id = :scopeUnit)');
    expect(ownUnitOnly.notifications('n').sql).toBe('(n.recipient_unit_id = :scopeUnit)');
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
