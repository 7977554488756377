import { inPrefix, parseIpAddress } from './ip-address.ts';
import type { IpAddress } from './ip-address.ts';

interface Range {
  network: IpAddress;
  prefixLength: number;
  name: string;
}

function range(cidr: string, name: string): Range {
  const [address, length] = cidr.split('/') as [string, string];
  return { network: parseIpAddress(address)!, prefixLength: Number(length), name };
}

// Addresses a server must not be pointed at by a stranger: its own host, the private network around it and
// the cloud metadata service (https://www.iana.org/assignments/iana-ipv4-special-registry,
// https://www.iana.org/assignments/iana-ipv6-special-registry).
const BLOCKED_RANGES: readonly Range[] = [
  range('0.0.0.0/8', 'unspecified'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'carrier-grade NAT'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local (cloud metadata)'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'IETF protocol'),
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'benchmarking'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved or broadcast'),
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('64:ff9b:1::/48', 'local NAT64'),
  range('fc00::/7', 'unique-local'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'site-local'),
  range('ff00::/8', 'multicast'),
];

// IPv6 forms that carry an IPv4 address, which is what is reached in the end: IPv4-mapped `::ffff:a.b.c.d`,
// the deprecated IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d` and 6to4 `2002:AABB:CCDD::`.
const EMBEDDING_RANGES: readonly { range: Range; offset: number }[] = [
  { range: range('::ffff:0:0/96', ''), offset: 12 },
  { range: range('::/96', ''), offset: 12 },
  { range: range('64:ff9b::/96', ''), offset: 12 },
  { range: range('2002::/16', ''), offset: 2 },
];

/** The IPv4 address an IPv6 address embeds (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(address: IpAddress): IpAddress | undefined {
  if (address.family !== 6) return undefined;
  const embedding = EMBEDDING_RANGES.find(({ range: { network, prefixLength } }) =>
    inPrefix(address, network, prefixLength),
  );
  return embedding ? { family: 4, bytes: address.bytes.slice(embedding.offset, embedding.offset + 4) } : undefined;
}

/** The kind of internal address this is (`loopback`, `private`, …), or undefined for an address on the internet. */
export function internalRange(address: IpAddress): string | undefined {
  const inner = embeddedIpv4(address);
  // `::` and `::1` sit inside the IPv4-compatible range but are their own special addresses.
  const blocked = BLOCKED_RANGES.find(({ network, prefixLength }) => inPrefix(address, network, prefixLength));
  if (blocked) return blocked.name;
  return inner ? internalRange(inner) : undefined;
}

/** One operator allow-list entry: a hostname (`*.example.com` for its subdomains), an IP or a CIDR. */
type AllowEntry =
  | { kind: 'host'; host: string }
  | { kind: 'suffix'; suffix: string }
  | { kind: 'network'; network: IpAddress; prefixLength: number };

/** The parsed allow-list. */
export interface AllowList {
  entries: readonly AllowEntry[];
}

/** Parses `INSIGHTS_OUTBOUND_ALLOW` entries; throws naming the first one that is neither a hostname, an IP nor a CIDR. */
export function parseAllowList(entries: readonly string[]): AllowList {
  return {
    entries: entries.map((raw): AllowEntry => {
      const entry = raw.trim().toLowerCase();
      const [address, length] = entry.split('/') as [string, string | undefined];
      const ip = parseIpAddress(address);
      if (ip) {
        const max = ip.family === 4 ? 32 : 128;
        const prefixLength = length === undefined ? max : Number(length);
        if (!/^\d+$/.test(length ?? String(max)) || prefixLength > max)
          throw new Error(`outbound allow-list entry "${raw}": the prefix length must be 0-${max}`);
        return { kind: 'network', network: ip, prefixLength };
      }
      if (/^\*\.[a-z0-9.-]+$/.test(entry)) return { kind: 'suffix', suffix: entry.slice(1) };
      if (/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(entry)) return { kind: 'host', host: entry };
      throw new Error(`outbound allow-list entry "${raw}" is neither a hostname, an IP address nor a CIDR`);
    }),
  };
}

/** True when the operator allowed this hostname (as written in the URL, lower case, no trailing dot). */
export function hostAllowed(list: AllowList, hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return list.entries.some((entry) =>
    entry.kind === 'host' ? entry.host === host : entry.kind === 'suffix' ? host.endsWith(entry.suffix) : false,
  );
}

/** True when the operator allowed this address, directly or (for an IPv4-mapped IPv6 address) its IPv4 form. */
export function addressAllowed(list: AllowList, address: IpAddress): boolean {
  const forms = [address, embeddedIpv4(address)].filter((form): form is IpAddress => form !== undefined);
  return list.entries.some(
    (entry) => entry.kind === 'network' && forms.some((form) => inPrefix(form, entry.network, entry.prefixLength)),
  );
}

/** Names that resolve to the server itself on any sane resolver (https://www.rfc-editor.org/rfc/rfc6761#section-6.3). */
export function isLocalhostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost');
}
