import { deliveryId, endpointOf } from '@dondoc/activities';

describe('delivery ids', () => {
  it('gives the same id for the same event, channel and target, so a repeated fan-out and every retry share one webhook-id', () => {
    const id = deliveryId('task.reminder/t-1:3', 'webhook', 'sub-1');
    expect(id).toBe(deliveryId('task.reminder/t-1:3', 'webhook', 'sub-1'));
    expect(id).toMatch(/^msg_[A-Za-z0-9_-]{32}$/);
  });

  it('gives different ids when any of the three differs', () => {
    const ids = new Set([
      deliveryId('task.reminder/t-1:3', 'webhook', 'sub-1'),
      deliveryId('task.reminder/t-1:4', 'webhook', 'sub-1'),
      deliveryId('task.reminder/t-1:3', 'email', 'sub-1'),
      deliveryId('task.reminder/t-1:3', 'webhook', 'sub-2'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('keys a webhook endpoint by its origin and every e-mail by the one SMTP server', () => {
    expect(endpointOf('webhook', 'https://qlvb.bac-kan.gov.vn/hooks/a')).toBe('webhook:https://qlvb.bac-kan.gov.vn');
    expect(endpointOf('webhook', 'https://qlvb.bac-kan.gov.vn:8443/b')).toBe(
      'webhook:https://qlvb.bac-kan.gov.vn:8443',
    );
    expect(endpointOf('email', 'van.phong@bac-kan.gov.vn')).toBe('email');
  });
});
