import {
  EVENT_CATALOGUE_VERSION,
  eventId,
  taskLink,
  type DondocEvent,
  type EventDataByType,
  type EventType,
} from '@dondoc/domain';

/** The public URL the test e-mails link to. */
export const PUBLIC_URL = 'https://dondoc.bac-kan.gov.vn';

/** 17:00 on Friday 18 December 2026, Vietnam time: the deadline of the issue's example. */
export const FRIDAY_17H = Date.parse('2026-12-18T17:00:00+07:00');

/**
 * An event of Thành ủy Bắc Kạn's 276-CV/TU to the city's People's Committee, with the given
 * type and data; every other field as the dispatcher would fill it.
 */
export function anEvent<T extends EventType>(
  type: T,
  data: EventDataByType[T],
  overrides: Partial<DondocEvent<T>> = {},
): DondocEvent<T> {
  const taskId = '4f1c2b7e-0000-4000-8000-000000000276';
  return {
    id: eventId(type, `${taskId}:1`),
    type,
    version: EVENT_CATALOGUE_VERSION,
    occurredAt: '2026-12-17T02:00:00.000Z',
    directiveId: '9a7d0c1e-0000-4000-8000-000000000001',
    directiveNumber: '276-CV/TU',
    directiveSubject: 'V/v triển khai thực hiện Công văn số 335-CV/TU của Tỉnh ủy',
    taskId,
    unitId: 'bac-kan-city/ubnd',
    dueAt: new Date(FRIDAY_17H).toISOString(),
    link: taskLink(PUBLIC_URL, taskId),
    data,
    ...overrides,
  };
}

/** Names of the units the sample events mention. */
export const UNIT_NAMES: Readonly<Record<string, string>> = {
  'bac-kan-city/ubnd': 'UBND thành phố Bắc Kạn',
  'bac-kan-city/bcd35': 'Ban Chỉ đạo 35 Thành ủy',
  'bac-kan/bcd35': 'Ban Chỉ đạo 35 Tỉnh ủy',
};

const SYSTEM = { unitId: null, sub: 'system' };
const ISSUER = { unitId: 'bac-kan-city/thanh-uy', sub: 'van.thu' };

/** One sample of every event a person receives, keyed by type. */
export const PERSON_EVENT_SAMPLES = {
  'task.assigned': anEvent('task.assigned', { role: 'lead', assigneeSub: null }),
  'task.reminder': anEvent('task.reminder', {
    scheduledAt: '2026-12-17T02:00:00.000Z',
    offset: 'P1D before',
    workingDaysLeft: 1,
  }),
  'task.overdue': anEvent('task.overdue', {
    scheduledAt: '2026-12-19T10:00:00.000Z',
    offset: 'P1D after',
    sequence: 2,
  }),
  'task.returned': anEvent('task.returned', { by: ISSUER, reason: 'Thiếu số liệu quý IV' }),
  'escalation.opened': anEvent('escalation.opened', {
    escalationId: 'e1',
    level: 1,
    coordinatingUnitId: 'bac-kan-city/bcd35',
    scheduledAt: '2026-12-19T10:00:00.000Z',
  }),
  'escalation.climbed': anEvent('escalation.climbed', {
    escalationId: 'e1',
    level: 2,
    coordinatingUnitId: 'bac-kan/bcd35',
    fromUnitId: 'bac-kan-city/bcd35',
    grace: 'P2D',
  }),
  'directive.withdrawn': anEvent('directive.withdrawn', { by: ISSUER, reason: 'Đã ban hành văn bản thay thế' }),
} as const;

export { SYSTEM };
