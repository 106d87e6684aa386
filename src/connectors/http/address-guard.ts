import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { IntegrationError } from '../../core/integration-error.js';

/**
 * The SSRF guard (docs/decisions/0006): a request may only go to an allowed host, and never to
 * a link-local or cloud metadata address unless the system allows it. Host names are checked
 * on the address DNS gives, inside the connection's own lookup, so the address checked is the
 * address connected to.
 */

/** Link-local ranges and the metadata services reachable without them. */
function refusedAddresses(): BlockList {
  const list = new BlockList();
  list.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, incl. 169.254.169.254 (AWS, GCP, Azure)
  list.addSubnet('fe80::', 10, 'ipv6');
  list.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
  list.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
  list.addAddress('192.0.0.192', 'ipv4'); // Oracle Cloud (legacy) metadata
  return list;
}

/** Why an IP address is refused, or undefined when it may be connected to. */
export function refusedReason(address: string, list: BlockList): string | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  const v4 = family === 6 ? mappedIpv4(address) : address;
  const isRefused = v4 !== undefined ? list.check(v4, 'ipv4') : list.check(address, 'ipv6');
  return isRefused ? `${address} is a link-local or cloud metadata address` : undefined;
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (::ffff:169.254.169.254 or ::ffff:a9fe:a9fe). */
function mappedIpv4(address: string): string | undefined {
  const match = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (match === null) return undefined;
  if (match[1] !== undefined) return match[1];
  const high = Number.parseInt(match[2] as string, 16);
  const low = Number.parseInt(match[3] as string, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export interface AddressGuardOptions {
  readonly system: string;
  /** `host` or `host:port` entries, compared case-insensitively. */
  readonly allowHosts: readonly string[];
  readonly allowLinkLocal: boolean;
  /** DNS resolution (tests pass a fixed table); default node's dns.lookup. */
  readonly resolve?: typeof dnsLookup;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

export interface AddressGuard {
  /** Throws a config error when a URL's host is not allowed or is a refused address literal. */
  checkUrl(url: URL): void;
  /** A `lookup` for net/tls.connect that refuses names resolving to refused addresses. */
  readonly lookup: (hostname: string, options: object, callback: LookupCallback) => void;
}

export function createAddressGuard(options: AddressGuardOptions): AddressGuard {
  const { system, allowLinkLocal, resolve = dnsLookup } = options;
  const allowed = new Set(options.allowHosts.map((h) => h.toLowerCase()));
  const list = refusedAddresses();
  const refuse = (message: string, code: string, hint: string) =>
    new IntegrationError(`System "${system}": ${message}`, { kind: 'config', code, hint });

  return {
    checkUrl(url) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw refuse(
          `refused to request ${url.href}: only http and https are allowed`,
          'http-host-not-allowed',
          'Check the URL.',
        );
      }
      const host = url.host.toLowerCase();
      const hostname = url.hostname.toLowerCase();
      if (!allowed.has(host) && !allowed.has(hostname)) {
        throw refuse(
          `refused to request ${url.origin}: host "${url.host}" is not in the system's allowed hosts (${[...allowed].join(', ')})`,
          'http-host-not-allowed',
          'Add the host to connection.allowHosts if the API really sends you there (a redirect, a next link).',
        );
      }
      const literal = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
      const reason = allowLinkLocal ? undefined : refusedReason(literal, list);
      if (reason !== undefined) {
        throw refuse(`refused to request ${url.origin}: ${reason}`, 'http-address-refused', addressHint);
      }
    },
    lookup(hostname, lookupOptions, callback) {
      resolve(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
        if (error) return callback(error, []);
        const bad = allowLinkLocal ? undefined : addresses.find((a) => refusedReason(a.address, list));
        if (bad !== undefined) {
          const refused = refuse(
            `refused to connect to ${hostname}: it resolves to ${bad.address}, a link-local or cloud metadata address`,
            'http-address-refused',
            addressHint,
          );
          return callback(refused as NodeJS.ErrnoException, []);
        }
        if ((lookupOptions as { all?: boolean }).all) return callback(null, addresses);
        const first = addresses[0] as LookupAddress;
        callback(null, first.address, first.family);
      });
    },
  };
}

const addressHint =
  'Requests to link-local and cloud metadata addresses are refused so that a URL from data or a redirect cannot reach instance credentials; set connection.allowLinkLocal: true only if this API really lives there.';
