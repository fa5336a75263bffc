/**
 * The tables of who is told (migration 1764231200000) on a real PostgreSQL database: what the
 * database itself refuses, whatever the API checked first, and what goes with a unit or a notice.
 */
import { NotificationReadEntity, UnitContactEntity, UnitEntity, WebhookSubscriptionEntity } from '@dondoc/persistence';
import { useTestDatabase } from '../support/database';

describe('contacts, webhook subscriptions and read state (schema)', () => {
  const database = useTestDatabase();

  beforeAll(async () => {
    await database.dataSource
      .getRepository(UnitEntity)
      .insert([{ id: 'schema/a', name: 'Đơn vị A', level: 'province', parentId: null }]);
  });

  it('keeps one address per unit whatever its case', async () => {
    const contacts = database.dataSource.getRepository(UnitContactEntity);
    const saved = await contacts.save({
      unitId: 'schema/a',
      name: 'Văn thư',
      email: 'Van.Thu@example.vn',
      topics: ['all'],
      mode: 'each',
    });
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(
      contacts.insert({
        unitId: 'schema/a',
        name: 'Khác',
        email: 'van.thu@EXAMPLE.vn',
        topics: ['reminder'],
        mode: 'digest',
      }),
    ).rejects.toThrow(/ux_unit_contacts_unit_email/);
  });

  it('refuses an unknown topic, `all` beside another topic, no topic, and an unknown mode', async () => {
    const contacts = database.dataSource.getRepository(UnitContactEntity);
    const base = { unitId: 'schema/a', name: 'X', mode: 'each' as const };
    await expect(contacts.insert({ ...base, email: 'a@example.vn', topics: ['nope' as 'all'] })).rejects.toThrow(
      /ck_unit_contacts_topics/,
    );
    await expect(contacts.insert({ ...base, email: 'b@example.vn', topics: ['all', 'reminder'] })).rejects.toThrow(
      /ck_unit_contacts_topics/,
    );
    await expect(contacts.insert({ ...base, email: 'c@example.vn', topics: [] })).rejects.toThrow(
      /ck_unit_contacts_topics/,
    );
    await expect(
      contacts.insert({ ...base, email: 'd@example.vn', topics: ['reminder'], mode: 'weekly' as 'each' }),
    ).rejects.toThrow(/ck_unit_contacts_mode/);
  });

  it('refuses a subscription to ping, a secret not in the whsec_ form, and half a previous secret', async () => {
    const subscriptions = database.dataSource.getRepository(WebhookSubscriptionEntity);
    const base = { unitId: 'schema/a', url: 'https://hooks.example.vn/dondoc', createdBy: 'van.thu' };
    const saved = await subscriptions.save({
      ...base,
      events: ['task.reminder'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    expect(saved).toMatchObject({ status: 'active', previousSecret: null, disabledAt: null });
    await expect(subscriptions.insert({ ...base, events: ['ping'], secret: 'whsec_x' })).rejects.toThrow(
      /ck_webhook_subscriptions_events/,
    );
    await expect(subscriptions.insert({ ...base, events: ['task.reminder'], secret: 'plain' })).rejects.toThrow(
      /ck_webhook_subscriptions_secret/,
    );
    await expect(
      subscriptions.insert({ ...base, events: ['task.reminder'], secret: 'whsec_x', previousSecret: 'whsec_y' }),
    ).rejects.toThrow(/ck_webhook_subscriptions_previous_secret/);
    await expect(
      subscriptions.insert({ ...base, events: ['task.reminder'], secret: 'whsec_x', status: 'disabled' }),
    ).rejects.toThrow(/ck_webhook_subscriptions_disabled/);
  });

  it('drops a unit’s contacts and subscriptions with the unit', async () => {
    const { dataSource } = database;
    await dataSource
      .getRepository(UnitEntity)
      .insert({ id: 'schema/gone', name: 'Đơn vị B', level: 'commune', parentId: null });
    await dataSource
      .getRepository(UnitContactEntity)
      .insert({ unitId: 'schema/gone', name: 'B', email: 'b@example.vn', topics: ['all'], mode: 'each' });
    await dataSource.getRepository(WebhookSubscriptionEntity).insert({
      unitId: 'schema/gone',
      url: 'https://hooks.example.vn/b',
      events: ['task.overdue'],
      secret: 'whsec_b',
      createdBy: 'admin',
    });
    await dataSource.getRepository(UnitEntity).delete({ id: 'schema/gone' });
    expect(await dataSource.getRepository(UnitContactEntity).countBy({ unitId: 'schema/gone' })).toBe(0);
    expect(await dataSource.getRepository(WebhookSubscriptionEntity).countBy({ unitId: 'schema/gone' })).toBe(0);
  });

  it('keys the read state by notice and reader, and refuses a notice that does not exist', async () => {
    await expect(
      database.dataSource
        .getRepository(NotificationReadEntity)
        .insert({ notificationId: 'no-such-notice', reader: 'van.thu', readAt: new Date() }),
    ).rejects.toThrow(/foreign key/);
  });
});
