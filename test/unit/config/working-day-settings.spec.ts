import { ConfigError, loadApiSettings } from '@dondoc/config';

describe('when a term in working days ends (DONDOC_WORKING_DAY_ENDS_AT)', () => {
  it('is 24:00 by default, as the Civil Code ends a term at twenty-four hours of its last day', () => {
    expect(loadApiSettings({}).workingDayEndsAt).toBe('24:00');
  });

  it('may end with office hours', () => {
    expect(loadApiSettings({ DONDOC_WORKING_DAY_ENDS_AT: '17:00' }).workingDayEndsAt).toBe('17:00');
  });

  it('refuses any other hour, naming the setting and the choices', () => {
    expect(() => loadApiSettings({ DONDOC_WORKING_DAY_ENDS_AT: '18:00' })).toThrow(ConfigError);
    expect(() => loadApiSettings({ DONDOC_WORKING_DAY_ENDS_AT: '18:00' })).toThrow(
      'DONDOC_WORKING_DAY_ENDS_AT=18:00 must be one of 17:00, 24:00',
    );
  });
});
