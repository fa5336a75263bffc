import { findParent, findReferences } from '../../../libs/intake/src/references';

describe('cited documents', () => {
  it.each([
    ['Căn cứ Luật An ninh mạng số 24/2018/QH14 ngày 12/6/2018;', 'căn cứ'],
    ['Xét đề nghị của Phòng Nội vụ tại Tờ trình số 45/TTr-NV ngày 20/10/2021,', 'xét đề nghị'],
    ['Nhận được Công văn số 12/SNV-CCVC ngày 3/3/2023 của Sở Nội vụ,', 'nhận được'],
    ['Theo Kế hoạch số 12/KH-UBND ngày 5/3/2021,', 'theo'],
    ['Tại Văn bản 586/UBND-KGVX ngày 17/02/2021', 'tại'],
    ['Thực hiện Công văn số 335-CV/TU, ngày 06 tháng 8 năm 2021 của Tỉnh ủy Bắc Kạn về việc', 'thực hiện'],
    ['Phúc đáp Công văn số 7/STP-HCTP ngày 1/2/2024 của Sở Tư pháp,', 'phúc đáp'],
    ['Đề nghị các đơn vị thực hiện theo đúng quy định tại Nghị định số 30/2020/NĐ-CP.', 'thực hiện'],
  ])('reads the verb of "%s"', (text, verb) => {
    expect(findReferences([text], null)[0]?.verb).toBe(verb);
  });

  it('reads date and issuer, stopping the issuer before "về việc", "ban hành", "Quy định" or punctuation', () => {
    const refs = findReferences(
      [
        'Thực hiện Công văn số 335-CV/TU, ngày 06 tháng 8 năm 2021 của Tỉnh ủy Bắc Kạn về việc A; Quyết định 874/QĐ-BTTTT ngày 17 tháng 6 năm 2021 của Bộ trưởng Bộ Thông tin và Truyền thông ban hành B; Nghị định số 15/2020/NĐ-CP ngày 03/02/2020 của Chính phủ Quy định C.',
      ],
      null,
    );
    expect(refs.map((r) => [r.reference, r.issuedOn, r.issuer])).toEqual([
      ['335-CV/TU', '2021-08-06', 'Tỉnh ủy Bắc Kạn'],
      ['874/QĐ-BTTTT', '2021-06-17', 'Bộ trưởng Bộ Thông tin và Truyền thông'],
      ['15/2020/NĐ-CP', '2020-02-03', 'Chính phủ'],
    ]);
  });

  it('lets a list share the verb of its first item, within one sentence only', () => {
    const refs = findReferences(
      [
        'Tại Văn bản 586/UBND-KGVX ngày 17/02/2021 về việc A; Văn bản số 289/UBND-KGVX V/v B. Văn bản 4312/UBND-KGVX V/v C.',
      ],
      null,
    );
    expect(refs.map((r) => r.verb)).toEqual(['tại', 'tại', null]);
  });

  it("skips the document's own number and lists each cited document once, filling gaps from later mentions", () => {
    const refs = findReferences(
      [
        'Tỉnh ủy ban hành Công văn 220-CV/TU về việc thực hiện Công văn 990-CV/BTGTW.',
        'Công văn 990-CV/BTGTW ngày 19/7/2021 của Ban Tuyên giáo Trung ương.',
      ],
      '220-CV/TU',
    );
    expect(refs).toEqual([
      { reference: '990-CV/BTGTW', issuedOn: '2021-07-19', issuer: 'Ban Tuyên giáo Trung ương', verb: 'thực hiện' },
    ]);
  });

  it('takes as parent the first document implemented, not one merely relied on', () => {
    const preamble = [
      'Căn cứ Quy chế ban hành kèm theo Quyết định số 15/QĐ-UBND; nhận được Công văn số 9/SYT-NV của Sở Y tế, Ủy ban nhân dân huyện yêu cầu:',
    ];
    expect(findParent(preamble, null)).toMatchObject({ reference: '9/SYT-NV', verb: 'nhận được', issuer: 'Sở Y tế' });
    expect(findParent(['Căn cứ Nghị định số 30/2020/NĐ-CP;'], null)).toBeNull();
  });
});
