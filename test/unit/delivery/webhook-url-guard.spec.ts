import { WebhookUrlRefusedError, assertWebhookUrl, isPublicAddress } from '@dondoc/delivery';

describe('webhook URL guard', () => {
  it.each([
    ['8.8.8.8', true],
    ['2001:4860:4860::8888', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['fe80::1', false],
    ['fc00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:8.8.8.8', true],
    ['not an address', false],
  ])('judges %s public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it.each([
    ['http://hooks.example.gov.vn/x', /only https/],
    ['ftp://hooks.example.gov.vn/x', /only https/],
    ['not a url', /not a URL/],
    ['https://user:pass@8.8.8.8/x', /credentials/],
    ['https://127.0.0.1/x', /resolves to 127\.0\.0\.1/],
    ['https://[::1]/x', /resolves to ::1/],
    ['https://[::ffff:7f00:1]/x', /loopback, private or link-local/],
    ['https://10.0.0.7/x', /resolves to 10\.0\.0\.7/],
    ['https://169.254.169.254/latest/meta-data', /link-local/],
    ['https://localhost/x', /loopback, private or link-local/],
    ['https://nowhere.invalid/x', /does not resolve/],
  ])('refuses %s', async (url, reason) => {
    const refusal = assertWebhookUrl(url, { allowPrivate: false });
    await expect(refusal).rejects.toBeInstanceOf(WebhookUrlRefusedError);
    await expect(assertWebhookUrl(url, { allowPrivate: false })).rejects.toThrow(reason);
  });

  it('accepts an https URL on a public address', async () => {
    await expect(assertWebhookUrl('https://8.8.8.8/hooks', { allowPrivate: false })).resolves.toBeInstanceOf(URL);
  });

  it('accepts http and private addresses when DONDOC_WEBHOOK_ALLOW_PRIVATE=true (development)', async () => {
    await expect(assertWebhookUrl('http://127.0.0.1:8080/hooks', { allowPrivate: true })).resolves.toBeInstanceOf(URL);
    await expect(assertWebhookUrl('https://localhost/hooks', { allowPrivate: true })).resolves.toBeInstanceOf(URL);
    await expect(assertWebhookUrl('ftp://localhost/hooks', { allowPrivate: true })).rejects.toThrow(/only https/);
  });
});
