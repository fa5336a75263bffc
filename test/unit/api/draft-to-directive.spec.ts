import { emptyDraft, type DirectiveDraft } from '@dondoc/intake';
import { directiveFromDraft, proposeDirective } from '../../../apps/api/src/intake/draft-to-directive';

/** A draft as a clerk would send it back: read, then edited. */
function aDraft(overrides: Partial<DirectiveDraft> = {}): DirectiveDraft {
  return {
    ...emptyDraft(),
    reference: '276-CV/TU',
    subject: 'Tăng cường quản lý thông tin trên mạng xã hội',
    issuedOn: '2021-08-11',
    addressees: ['Ủy ban nhân dân Thành phố', 'Ban Tuyên giáo Thành ủy', 'Các xã'],
    sections: [
      {
        number: '1',
        parentNumber: null,
        heading: 'Ủy ban nhân dân thành phố',
        units: ['Ủy ban nhân dân thành phố'],
        addressedAs: ['Ủy ban nhân dân Thành phố'],
        instructions: ['Chủ trì rà soát tài khoản vi phạm.'],
        role: 'lead',
      },
      {
        number: '2',
        parentNumber: null,
        heading: 'Ban Tuyên giáo Thành ủy',
        units: ['Ban Tuyên giáo Thành ủy'],
        addressedAs: ['Ban Tuyên giáo Thành ủy'],
        instructions: ['Phối hợp theo dõi, đôn đốc.'],
        role: 'coordinate',
      },
      {
        number: '3',
        parentNumber: null,
        heading: 'Ủy ban nhân dân thành phố',
        units: ['Ủy ban nhân dân thành phố'],
        addressedAs: [null],
        instructions: ['Báo cáo kết quả.'],
        role: 'coordinate',
      },
    ],
    matches: [
      { text: 'Ủy ban nhân dân Thành phố', unitId: 'bk/ubnd' },
      { text: 'Ban Tuyên giáo Thành ủy', unitId: 'bk/btg' },
      { text: 'Các xã', unitId: null, unitIds: ['bk/xa-1', 'bk/xa-2'] },
    ],
    ...overrides,
  };
}

describe('proposing a directive from a draft', () => {
  it('gives one assignment per matched unit, joining its sections and keeping lead over coordinate', () => {
    const proposal = proposeDirective(aDraft());
    expect(proposal.assignments).toEqual([
      { unitId: 'bk/ubnd', role: 'lead', instructions: 'Chủ trì rà soát tài khoản vi phạm.\nBáo cáo kết quả.' },
      { unitId: 'bk/btg', role: 'coordinate', instructions: 'Phối hợp theo dõi, đôn đốc.' },
      { unitId: 'bk/xa-1', role: 'lead', instructions: 'Thực hiện theo nội dung công văn.' },
      { unitId: 'bk/xa-2', role: 'lead', instructions: 'Thực hiện theo nội dung công văn.' },
    ]);
    expect(proposal.unmatched).toEqual([]);
  });

  it('lists every unmatched name with the draft field it stands in, never dropping it', () => {
    const proposal = proposeDirective(aDraft({ matches: [{ text: 'Ban Tuyên giáo Thành ủy', unitId: 'bk/btg' }] }));
    expect(proposal.unmatched).toEqual([
      { field: 'draft.sections[0].units[0]', text: 'Ủy ban nhân dân thành phố' },
      { field: 'draft.sections[2].units[0]', text: 'Ủy ban nhân dân thành phố' },
      { field: 'draft.addressees[2]', text: 'Các xã' },
    ]);
  });
});

describe('confirming a draft', () => {
  it('builds the POST /directives body with per-unit deadlines and a default for the rest', () => {
    const built = directiveFromDraft(aDraft(), {
      issuerUnitId: 'bk/thanh-uy',
      dueAt: '2030-01-31',
      dueAtByUnit: { 'bk/btg': '2030-02-15' },
      reviewRequired: true,
    });
    if (!('body' in built)) throw new Error(`expected a body, got ${JSON.stringify(built.problems)}`);
    expect(built.body).toMatchObject({
      number: '276-CV/TU',
      issuerUnitId: 'bk/thanh-uy',
      issuedAt: '2021-08-11',
      reviewRequired: true,
    });
    const deadlines = (built.body.assignments as { unitId: string; dueAt: string }[]).map((a) => [a.unitId, a.dueAt]);
    expect(deadlines).toEqual([
      ['bk/ubnd', '2030-01-31'],
      ['bk/btg', '2030-02-15'],
      ['bk/xa-1', '2030-01-31'],
      ['bk/xa-2', '2030-01-31'],
    ]);
  });

  it('refuses a draft with no number, no date, an unmatched unit or a missing deadline, naming each field', () => {
    const built = directiveFromDraft(aDraft({ reference: null, issuedOn: null, matches: aDraft().matches.slice(1) }), {
      issuerUnitId: 'bk/thanh-uy',
      dueAtByUnit: { 'bk/btg': '2030-02-15' },
    });
    if (!('problems' in built)) throw new Error('expected problems');
    expect(built.problems.map((p) => p.field)).toEqual([
      'draft.reference',
      'draft.issuedOn',
      'draft.sections[0].units[0]',
      'draft.sections[2].units[0]',
      'dueAtByUnit.bk/xa-1',
      'dueAtByUnit.bk/xa-2',
    ]);
  });
});
