import { PERSONAL_EVENT_TYPES, PERSON_EVENT_TYPES } from '@dondoc/domain';
import {
  EMAIL_TEMPLATE_NAMES,
  EmailTemplates,
  formatVietnamDeadline,
  formatVietnameseDuration,
  renderDigestEmail,
  renderEventEmail,
  type DigestItem,
} from '@dondoc/delivery';
import { FRIDAY_17H, PERSON_EVENT_SAMPLES, UNIT_NAMES, anEvent } from './event-builders';

const templates = EmailTemplates.load();
const toCity = {
  unitNames: UNIT_NAMES,
  recipientUnitId: 'bac-kan-city/ubnd',
  instructions: 'Báo cáo kết quả thực hiện trước ngày 18/12/2026.',
};

describe('Vietnamese dates', () => {
  it('writes a deadline as `17:00 thứ Sáu, 18/12/2026` in Vietnam time', () => {
    expect(formatVietnamDeadline(FRIDAY_17H)).toBe('17:00 thứ Sáu, 18/12/2026');
    // 20:30 UTC on Sunday is 03:30 on Monday in Vietnam.
    expect(formatVietnamDeadline(Date.parse('2026-12-20T20:30:00Z'))).toBe('03:30 thứ Hai, 21/12/2026');
    expect(formatVietnamDeadline(Date.parse('2026-12-20T09:05:00+07:00'))).toBe('09:05 Chủ nhật, 20/12/2026');
  });

  it('writes a date-only deadline (the last millisecond of the day) as 24:00, not 23:59', () => {
    expect(formatVietnamDeadline(Date.parse('2026-12-19T00:00:00+07:00') - 1)).toBe('24:00 thứ Sáu, 18/12/2026');
  });

  it('writes a grace period in words', () => {
    expect(formatVietnameseDuration('P2D')).toBe('2 ngày');
    expect(formatVietnameseDuration('P1DT12H')).toBe('1 ngày 12 giờ');
  });
});

describe('event e-mails', () => {
  it('has a subject, text and HTML template for every event a person receives, and the digest', () => {
    expect(templates.names().sort()).toEqual([...PERSON_EVENT_TYPES, ...PERSONAL_EVENT_TYPES, 'digest'].sort());
    expect([...EMAIL_TEMPLATE_NAMES].sort()).toEqual(templates.names().sort());
    for (const type of PERSON_EVENT_TYPES) {
      const email = renderEventEmail(templates, PERSON_EVENT_SAMPLES[type], toCity);
      expect(email.subject).toMatch(/^\[Đôn đốc\] .+: 276-CV\/TU/);
      expect(email.text).toContain('https://dondoc.bac-kan.gov.vn/tasks/4f1c2b7e-0000-4000-8000-000000000276');
      expect(email.html).toContain('href="https://dondoc.bac-kan.gov.vn/tasks/4f1c2b7e-0000-4000-8000-000000000276"');
    }
  });

  it('says how many working days are left in a reminder subject', () => {
    expect(renderEventEmail(templates, PERSON_EVENT_SAMPLES['task.reminder'], toCity).subject).toBe(
      '[Đôn đốc] Nhắc hạn: 276-CV/TU — còn 1 ngày làm việc',
    );
    const today = anEvent('task.reminder', {
      scheduledAt: '2026-12-18T02:00:00.000Z',
      offset: 'at deadline',
      workingDaysLeft: 0,
    });
    expect(renderEventEmail(templates, today, toCity).subject).toBe('[Đôn đốc] Nhắc hạn: 276-CV/TU — đến hạn hôm nay');
    const unknown = anEvent('task.reminder', {
      scheduledAt: '2026-12-17T02:00:00.000Z',
      offset: 'P1D before',
      workingDaysLeft: null,
    });
    expect(renderEventEmail(templates, unknown, toCity).subject).toBe(
      '[Đôn đốc] Nhắc hạn: 276-CV/TU — hạn 17:00 thứ Sáu, 18/12/2026',
    );
  });

  it('carries the directive, the unit, the deadline, the instructions and the link in the body', () => {
    const { text, html } = renderEventEmail(templates, PERSON_EVENT_SAMPLES['task.reminder'], toCity);
    expect(text).toContain('Văn bản: 276-CV/TU — V/v triển khai thực hiện Công văn số 335-CV/TU của Tỉnh ủy');
    expect(text).toContain('Đơn vị thực hiện: UBND thành phố Bắc Kạn');
    expect(text).toContain('Thời hạn: 17:00 thứ Sáu, 18/12/2026');
    expect(text).toContain('Báo cáo kết quả thực hiện trước ngày 18/12/2026.');
    expect(html).toContain('<td style="padding:4px 0">17:00 thứ Sáu, 18/12/2026</td>');
    expect(html).toContain('<html lang="vi">');
  });

  it('names the person handling the task in a reminder and an overdue notice, and nothing when nobody does', () => {
    const withAssignee = { ...toCity, assigneeName: 'Nguyễn Văn An' };
    for (const type of ['task.reminder', 'task.overdue'] as const) {
      const { text, html } = renderEventEmail(templates, PERSON_EVENT_SAMPLES[type], withAssignee);
      expect(text).toContain('\n\nNgười xử lý: Nguyễn Văn An.\n\n');
      expect(html).toContain('<p>Người xử lý: <strong>Nguyễn Văn An</strong>.</p>');
      const unnamed = renderEventEmail(templates, PERSON_EVENT_SAMPLES[type], toCity);
      expect(unnamed.text).not.toContain('Người xử lý');
      expect(unnamed.html).not.toContain('Người xử lý');
      // Without an assignee the text keeps its one blank line before the details.
      expect(unnamed.text).not.toMatch(/\n\n\n/);
    }
  });

  it('tells a person a task was assigned to them, and a comment addressed to them, escaping its text in HTML', () => {
    const assigned = renderEventEmail(
      templates,
      anEvent('task.assignee_changed', {
        action: 'assign',
        assignee: 'an.nv',
        previousAssignee: null,
        by: { unitId: 'bac-kan-city/ubnd', sub: 'truong.phong' },
      }),
      { ...toCity, assigneeName: 'Nguyễn Văn An' },
    );
    expect(assigned.subject).toBe('[Đôn đốc] Giao xử lý: 276-CV/TU — hạn 17:00 thứ Sáu, 18/12/2026');
    expect(assigned.text).toContain('Kính gửi Nguyễn Văn An,');
    expect(assigned.text).toContain('Anh/chị được giao xử lý nhiệm vụ theo văn bản 276-CV/TU');
    const comment = renderEventEmail(
      templates,
      anEvent('comment.added', {
        commentId: 'c-1',
        text: 'Đề nghị bổ sung <b>số liệu</b> quý IV.',
        by: { unitId: 'bac-kan-city/bcd35', sub: 'van.thu' },
        recipientUnitId: 'bac-kan-city/ubnd',
        recipientSub: 'an.nv',
      }),
      toCity,
    );
    expect(comment.subject).toBe('[Đôn đốc] Ý kiến mới: 276-CV/TU — hạn 17:00 thứ Sáu, 18/12/2026');
    expect(comment.text).toContain('Ban Chỉ đạo 35 Thành ủy (van.thu) đã gửi ý kiến');
    expect(comment.text).toContain('Đề nghị bổ sung <b>số liệu</b> quý IV.');
    expect(comment.html).toContain('Đề nghị bổ sung &lt;b&gt;số liệu&lt;/b&gt; quý IV.');
  });

  it('numbers a repeated overdue notice and names both bodies of a climbed escalation', () => {
    expect(renderEventEmail(templates, PERSON_EVENT_SAMPLES['task.overdue'], toCity).subject).toBe(
      '[Đôn đốc] Quá hạn (lần 2): 276-CV/TU — hạn 17:00 thứ Sáu, 18/12/2026',
    );
    const climbed = renderEventEmail(templates, PERSON_EVENT_SAMPLES['escalation.climbed'], {
      ...toCity,
      recipientUnitId: 'bac-kan/bcd35',
    });
    expect(climbed.subject).toBe(
      '[Đôn đốc] Chuyển cấp xử lý (cấp 2): 276-CV/TU — UBND thành phố Bắc Kạn chưa hoàn thành',
    );
    expect(climbed.text).toContain('Kính gửi Ban Chỉ đạo 35 Tỉnh ủy,');
    expect(climbed.text).toContain('Ban Chỉ đạo 35 Thành ủy chưa xử lý trong thời gian 2 ngày');
  });

  it('escapes hostile input in HTML and keeps the subject on one line', () => {
    const hostile = anEvent(
      'task.returned',
      { by: { unitId: null, sub: 'x' }, reason: '<img src=x onerror="alert(1)">' },
      {
        directiveNumber: '<b>276</b>',
        directiveSubject: 'Tiêu đề\r\nBcc: victim@example.com <script>alert("x")</script>',
      },
    );
    const email = renderEventEmail(templates, hostile, toCity);
    expect(email.html).not.toMatch(/<script|<img|<b>276/);
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(email.html).toContain('&lt;img src&#x3D;x onerror&#x3D;&quot;alert(1)&quot;&gt;');
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe('[Đôn đốc] Trả lại báo cáo: <b>276</b> — hạn 17:00 thứ Sáu, 18/12/2026');
    // Plain text is not HTML: it shows what was written, unescaped.
    expect(email.text).toContain('<img src=x onerror="alert(1)">');
  });

  it('refuses to e-mail an event only API clients receive', () => {
    expect(() => renderEventEmail(templates, anEvent('ping', { message: 'ping' }), toCity)).toThrow(
      /not sent to people/,
    );
  });
});

describe('daily digest', () => {
  const item = (directive: '276' | '335', unitName: string, dueAt: number): DigestItem => ({
    directiveId: directive,
    directiveNumber: `${directive}-CV/TU`,
    directiveSubject: directive === '276' ? 'Triển khai Công văn 335' : 'Phòng, chống tham nhũng',
    taskId: `${directive}-${unitName}`,
    unitName,
    dueAt,
    link: `https://dondoc.bac-kan.gov.vn/tasks/${directive}`,
  });

  it('sends nothing when there is nothing to say', () => {
    expect(
      renderDigestEmail(templates, {
        unitName: 'Ban Chỉ đạo 35 Thành ủy',
        at: FRIDAY_17H,
        dueSoon: [],
        overdue: [],
        escalations: [],
      }),
    ).toBeUndefined();
  });

  it('lists due, overdue and escalated tasks grouped by directive, earliest deadline first', () => {
    const email = renderDigestEmail(templates, {
      unitName: 'Ban Chỉ đạo 35 Thành ủy',
      at: Date.parse('2026-12-17T07:30:00+07:00'),
      dueSoon: [item('276', 'Phường Đức Xuân', FRIDAY_17H), item('276', 'Phường Sông Cầu', FRIDAY_17H)],
      overdue: [item('335', 'Xã Dương Quang', Date.parse('2026-12-10T17:00:00+07:00'))],
      escalations: [{ ...item('335', 'Xã Nông Thượng', Date.parse('2026-12-09T17:00:00+07:00')), level: 1 }],
    });
    expect(email?.subject).toBe('[Đôn đốc] Tổng hợp ngày 17/12/2026: 2 sắp đến hạn, 1 quá hạn, 1 chuyển cấp xử lý');
    const text = email?.text ?? '';
    expect(text.indexOf('== 335-CV/TU')).toBeLessThan(text.indexOf('== 276-CV/TU'));
    expect(text).toContain('Quá hạn:\n  - Xã Dương Quang: hạn 17:00 thứ Năm, 10/12/2026');
    expect(text).toContain('Đang chuyển cấp xử lý:\n  - Xã Nông Thượng (cấp 1): hạn 17:00 thứ Tư, 09/12/2026');
    expect(text).toContain('Sắp đến hạn:\n  - Phường Đức Xuân: hạn 17:00 thứ Sáu, 18/12/2026');
    expect(text.match(/== /g)).toHaveLength(2);
    expect(email?.html).toContain('<h2 style="font-size:16px">276-CV/TU — Triển khai Công văn 335</h2>');
  });
});
