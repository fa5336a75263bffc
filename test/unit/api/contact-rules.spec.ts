import { FieldErrors } from '../../../apps/api/src/errors/errors';
import {
  contactRecordOf,
  emailProblem,
  modeProblem,
  topicsProblem,
  type ContactProblem,
} from '../../../apps/api/src/contacts/contact-rules';
import { contactsFromCell, contactsToCell } from '../../../apps/api/src/units/units-contacts';
import { unitsFromCsv, unitsFromJson, unitsToCsv, type UnitRecord } from '../../../apps/api/src/units/units-import';

/** The problems a FieldErrors lists, or fails when `run` does not throw one. */
function problemsOf(run: () => unknown): ContactProblem[] {
  try {
    run();
  } catch (error) {
    if (error instanceof FieldErrors) return error.errors;
    throw error;
  }
  throw new Error('expected FieldErrors');
}

describe('a contact’s fields', () => {
  it('takes an e-mail address and says what is wrong with anything else', () => {
    expect(emailProblem('van.thu@backan.gov.vn')).toBeNull();
    expect(emailProblem('Văn thư <van.thu@backan.gov.vn>')).toMatch(/e-mail address/);
    expect(emailProblem('van.thu@')).toMatch(/e-mail address/);
    expect(emailProblem(42)).toBe('must be a string');
    expect(emailProblem(`${'a'.repeat(250)}@x.vn`)).toMatch(/at most 254/);
  });

  it('takes topics of the catalogue each once, or "all" alone', () => {
    expect(topicsProblem(['reminder', 'overdue', 'escalation'])).toBeNull();
    expect(topicsProblem(['all'])).toBeNull();
    expect(topicsProblem([])).toMatch(/non-empty/);
    expect(topicsProblem('reminder')).toMatch(/non-empty list/);
    expect(topicsProblem(['reminder', 'completed'])).toMatch(/got completed/);
    expect(topicsProblem(['reminder', 'reminder'])).toBe('names a topic twice');
    expect(topicsProblem(['all', 'overdue'])).toMatch(/alone/);
  });

  it('takes the modes each and digest only', () => {
    expect(modeProblem('each')).toBeNull();
    expect(modeProblem('digest')).toBeNull();
    expect(modeProblem('weekly')).toBe('must be one of: each, digest');
  });

  it('reads an import’s contact with `each` by default, naming every wrong or unknown field under its prefix', () => {
    const problems: ContactProblem[] = [];
    expect(contactRecordOf({ name: ' VP ', email: 'vp@x.vn', topics: ['all'] }, 'c', problems)).toEqual({
      name: 'VP',
      email: 'vp@x.vn',
      topics: ['all'],
      mode: 'each',
    });
    expect(
      contactRecordOf({ email: 'nope', topics: ['x'], mode: 'm', phone: '1' }, 'units[0].contacts[1]', problems),
    ).toBeUndefined();
    expect(problems.map((p) => p.field)).toEqual([
      'units[0].contacts[1].phone',
      'units[0].contacts[1].name',
      'units[0].contacts[1].email',
      'units[0].contacts[1].topics',
      'units[0].contacts[1].mode',
    ]);
  });
});

describe('contacts in the units’ import and export', () => {
  const unit = { id: 'huyen-a', name: 'Huyện ủy A', level: 'district' };

  it('reads a CSV cell, one contact per line, and writes the same cell back', () => {
    const problems: ContactProblem[] = [];
    const cell = 'Văn phòng Huyện ủy <vp@huyen.gov.vn> reminder|overdue each\nChánh VP <cvp@huyen.gov.vn> all digest';
    const contacts = contactsFromCell(cell, 'rows[1].contacts', problems);
    expect(problems).toEqual([]);
    expect(contacts).toEqual([
      { name: 'Văn phòng Huyện ủy', email: 'vp@huyen.gov.vn', topics: ['reminder', 'overdue'], mode: 'each' },
      { name: 'Chánh VP', email: 'cvp@huyen.gov.vn', topics: ['all'], mode: 'digest' },
    ]);
    expect(contactsToCell(contacts)).toBe(cell);
    expect(contactsFromCell('', 'f', problems)).toEqual([]);
  });

  it('names the CSV cell and the line of a wrong contact, and an address given twice', () => {
    const problems: ContactProblem[] = [];
    contactsFromCell('VP vp@huyen.gov.vn all\nB <b@x.vn> tea each', 'rows[2].contacts', problems);
    expect(problems).toEqual([
      { field: 'rows[2].contacts', problem: expect.stringMatching(/^line 1 must read/) },
      { field: 'rows[2].contacts', problem: expect.stringMatching(/^line 2: topics must be one of/) },
    ]);
    const twice: ContactProblem[] = [];
    contactsFromCell('A <a@x.vn> all\nB <A@X.vn> all', 'rows[1].contacts', twice);
    expect(twice).toEqual([{ field: 'rows[1].contacts', problem: 'names A@X.vn a second time' }]);
  });

  it('imports JSON units with and without contacts: a file from before contacts still reads', () => {
    const [withContacts, without] = unitsFromJson([
      { ...unit, contacts: [{ name: 'VP', email: 'vp@x.vn', topics: ['reminder'], mode: 'digest' }] },
      { ...unit, id: 'huyen-b' },
    ]);
    expect(withContacts?.contacts).toEqual([{ name: 'VP', email: 'vp@x.vn', topics: ['reminder'], mode: 'digest' }]);
    expect(without?.contacts).toBeUndefined();
    expect(
      problemsOf(() => unitsFromJson([{ ...unit, contacts: [{ name: 'VP', email: 'x', topics: ['all'] }] }])),
    ).toEqual([{ field: 'units[0].contacts[0].email', problem: expect.stringMatching(/e-mail address/) }]);
    expect(problemsOf(() => unitsFromJson([{ ...unit, contacts: 'vp@x.vn' }])).map((p) => p.field)).toEqual([
      'units[0].contacts',
    ]);
  });

  it('imports CSV with or without the contacts column, and exports the column only when contacts are given', () => {
    const header = 'id,name,level,contacts';
    const [read] = unitsFromCsv(`${header}\r\nhuyen-a,Huyện ủy A,district,"VP <vp@x.vn> all each"\r\n`);
    expect(read?.contacts).toEqual([{ name: 'VP', email: 'vp@x.vn', topics: ['all'], mode: 'each' }]);
    const [old] = unitsFromCsv('id,name,level\r\nhuyen-a,Huyện ủy A,district\r\n');
    expect(old?.contacts).toBeUndefined();

    const record: UnitRecord = {
      id: 'huyen-a',
      name: 'Huyện ủy A',
      level: 'district',
      parentId: null,
      kind: null,
      coordinatingUnitId: null,
      escalationGrace: null,
      actsForSubUnits: false,
    };
    expect(unitsToCsv([record]).split('\r\n')[0]).not.toContain('contacts');
    const csv = unitsToCsv([{ ...record, contacts: read?.contacts ?? [] }]);
    expect(csv.split('\r\n')[0]).toMatch(/,contacts$/);
    expect(unitsFromCsv(csv)[0]?.contacts).toEqual(read?.contacts);
  });
});
