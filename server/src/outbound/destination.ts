import { lookup } from 'node:dns/promises';
import { addressAllowed, hostAllowed, internalRange, isLocalhostName } from './address-policy.ts';
import type { AllowList } from './address-policy.ts';
import { formatIpAddress, parseIpAddress } from './ip-address.ts';

/** Resolves a hostname to every address it has (injectable so tests can point a name anywhere). */
export type Resolver = (hostname: string) => Promise<string[]>;

/** The system resolver, every address in the order it gives them. */
export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** Where a request may go: the address to connect to, checked, or why not. */
export type Destination = { ok: true; address: string } | { ok: false; reason: string; literal: boolean };

/**
 * Why a URL may not be called without resolving anything: not http(s), or a literal internal address or a
 * `localhost` name the allow-list does not permit. Undefined when it may be tried (the connect-time check still
 * applies). Used when a URL is saved, to answer 400 early.
 */
export function literalRefusal(url: URL, allow: AllowList): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https URLs may be called';
  return hostRefusal(url.hostname, allow);
}

/** Why a host (name or literal address) may not be reached without resolving it; undefined when it may be tried. */
function hostRefusal(hostname: string, allow: AllowList): string | undefined {
  if (hostAllowed(allow, hostname)) return undefined;
  if (isLocalhostName(hostname)) return `${hostname} is the server itself`;
  const address = parseIpAddress(hostname);
  if (!address || addressAllowed(allow, address)) return undefined;
  const range = internalRange(address);
  return range ? `${hostname} is a ${range} address` : undefined;
}

/**
 * Picks the address to connect to: a literal is checked as is; a hostname is resolved once and every address
 * it has must be public (or allow-listed), so a name with one public and one internal record cannot be used to
 * reach the internal one on a retry. The caller connects to the returned address, never to the name again.
 */
export async function checkDestination(url: URL, allow: AllowList, resolve: Resolver): Promise<Destination> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, reason: 'only http and https URLs may be called', literal: true };
  return checkHost(url.hostname, allow, resolve);
}

/** `checkDestination` for a bare host (an SMTP server's): the address to connect to, checked, or why not. */
export async function checkHost(hostname: string, allow: AllowList, resolve: Resolver): Promise<Destination> {
  const refusal = hostRefusal(hostname, allow);
  if (refusal) return { ok: false, reason: refusal, literal: true };
  const literal = parseIpAddress(hostname);
  if (literal) return { ok: true, address: formatIpAddress(literal) };
  const addresses = await resolve(hostname.replace(/\.$/, ''));
  if (!addresses.length) return { ok: false, reason: `${hostname} has no address`, literal: false };
  if (hostAllowed(allow, hostname)) return { ok: true, address: addresses[0]! };
  for (const text of addresses) {
    const address = parseIpAddress(text);
    if (!address) return { ok: false, reason: `${hostname} resolved to "${text}"`, literal: false };
    const range = addressAllowed(allow, address) ? undefined : internalRange(address);
    if (range) return { ok: false, reason: `${hostname} resolves to a ${range} address`, literal: false };
  }
  return { ok: true, address: addresses[0]! };
}
