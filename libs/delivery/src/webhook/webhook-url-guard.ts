import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Why a webhook URL is refused: the API turns it into a 400 naming the `url` field. */
export class WebhookUrlRefusedError extends Error {
  override readonly name = 'WebhookUrlRefusedError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`webhook url ${url} is refused: ${reason}`);
  }
}

/** Whether private destinations are allowed: DONDOC_WEBHOOK_ALLOW_PRIVATE=true, for local development only. */
export interface WebhookUrlPolicy {
  allowPrivate: boolean;
}

/**
 * True for an address on the public internet. Everything else is refused by default: loopback,
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 with the cloud metadata
 * service, fe80::/10), carrier-grade NAT, multicast, unspecified and reserved ranges. An IPv4
 * address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/**
 * Checks a webhook URL before it is stored: `https://` only, and every address its host resolves
 * to is public. The same check runs again at each connection (`guardedLookup`), since a name can
 * resolve elsewhere later (DNS rebinding).
 * @throws WebhookUrlRefusedError saying why.
 */
export async function assertWebhookUrl(url: string, policy: WebhookUrlPolicy): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookUrlRefusedError(url, 'it is not a URL');
  }
  if (parsed.protocol !== 'https:' && !(policy.allowPrivate && parsed.protocol === 'http:'))
    throw new WebhookUrlRefusedError(url, 'only https:// URLs are accepted');
  if (parsed.username !== '' || parsed.password !== '')
    throw new WebhookUrlRefusedError(url, 'credentials in the URL are not accepted; the request is signed instead');
  if (policy.allowPrivate) return parsed;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await resolveAll(url, host);
  const refused = addresses.find((address) => !isPublicAddress(address));
  if (refused !== undefined)
    throw new WebhookUrlRefusedError(url, `its host resolves to ${refused}, a loopback, private or link-local address`);
  return parsed;
}

async function resolveAll(url: string, host: string): Promise<string[]> {
  try {
    const found = await new Promise<LookupAddress[]>((resolve, reject) =>
      dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
    );
    return found.map((entry) => entry.address);
  } catch (error) {
    throw new WebhookUrlRefusedError(
      url,
      `its host does not resolve (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `http(s).request` that refuses the connection when any address the host
 * resolves to is not public: the check happens at connect time, on the addresses actually used,
 * so a name that resolved to a public address at registration cannot be re-pointed inside.
 */
export function guardedLookup(
  policy: WebhookUrlPolicy,
): (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback) => void {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = policy.allowPrivate ? undefined : addresses.find((entry) => !isPublicAddress(entry.address));
      if (refused !== undefined) {
        const refusal: NodeJS.ErrnoException = new WebhookUrlRefusedError(
          hostname,
          `it resolves to ${refused.address}, a loopback, private or link-local address`,
        );
        refusal.code = 'EDONDOC_PRIVATE_ADDRESS';
        return callback(refusal, []);
      }
      if (options.all === true) return callback(null, addresses);
      const first = addresses[0];
      if (first === undefined)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}
