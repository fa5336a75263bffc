import { namesTag } from '../../../apps/api/src/cascade/cascade.controller';

describe('If-None-Match on the cascade tree', () => {
  const etag = 'W/"abc"';

  it('matches the tag weakly, among several, or for *', () => {
    expect(namesTag('W/"abc"', etag)).toBe(true);
    expect(namesTag('"abc"', etag)).toBe(true);
    expect(namesTag('"x", W/"abc" ', etag)).toBe(true);
    expect(namesTag('*', etag)).toBe(true);
  });

  it('does not match another tag, a prefix of it, or no header', () => {
    expect(namesTag('W/"abd"', etag)).toBe(false);
    expect(namesTag('W/"ab"', etag)).toBe(false);
    expect(namesTag(undefined, etag)).toBe(false);
    expect(namesTag('', etag)).toBe(false);
  });
});
