/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  family: 4 | 6;
  bytes: Uint8Array;
}

/**
 * Parses an IP literal in any spelling a resolver or URL parser might accept: dotted quad, and the inet_aton
 * forms `2130706433`, `0x7f.1`, `0177.0.0.1` (https://url.spec.whatwg.org/#concept-ipv4-parser), or IPv6 with
 * or without brackets, an embedded dotted quad and a zone (`fe80::1%eth0`). Undefined when it is not an address.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (bare.includes(':')) return parseIpv6(bare);
  const bytes = parseIpv4(bare);
  return bytes ? { family: 4, bytes } : undefined;
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.endsWith('.') ? text.slice(0, -1).split('.') : text.split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    const number = ipv4Number(part);
    if (number === undefined) return undefined;
    numbers.push(number);
  }
  const last = numbers.pop()!;
  if (numbers.some((number) => number > 255) || last >= 256 ** (4 - numbers.length)) return undefined;
  const value = numbers.reduce((sum, number, index) => sum + number * 256 ** (3 - index), 0) + last;
  return Uint8Array.of(value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
}

function ipv4Number(part: string): number | undefined {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
  if (/^0[0-7]+$/.test(part)) return Number.parseInt(part.slice(1), 8);
  if (/^(0|[1-9]\d*)$/.test(part)) return Number(part);
  return undefined;
}

function parseIpv6(text: string): IpAddress | undefined {
  const address = text.replace(/%.*$/, '').toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(address) || address.split('::').length > 2) return undefined;
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const groups = (side: string) => (side === '' ? [] : side.split(':'));
  const words = [...groups(head), ...(tail === undefined ? [] : ['::']), ...groups(tail ?? '')];
  const values: number[] = [];
  for (const [index, word] of words.entries()) {
    if (word === '::') continue;
    if (word.includes('.') && index === words.length - 1) {
      const v4 = parseDottedQuad(word);
      if (!v4) return undefined;
      values.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else if (/^[0-9a-f]{1,4}$/.test(word)) values.push(Number.parseInt(word, 16));
    else return undefined;
  }
  const missing = 8 - values.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const gap = tail === undefined ? 0 : missing;
  const gapAt = tail === undefined ? 0 : groups(head).length;
  const full = [...values.slice(0, gapAt), ...new Array<number>(gap).fill(0), ...values.slice(gapAt)];
  const bytes = new Uint8Array(16);
  full.forEach((value, index) => {
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 255;
  });
  return { family: 6, bytes };
}

function parseDottedQuad(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255))
    return undefined;
  return Uint8Array.from(parts.map(Number));
}

/** True when the first `prefixLength` bits of `address` equal those of `network` (same family). */
export function inPrefix(address: IpAddress, network: IpAddress, prefixLength: number): boolean {
  if (address.family !== network.family) return false;
  for (let bit = 0; bit < prefixLength; bit += 8) {
    const mask = prefixLength - bit >= 8 ? 0xff : (0xff << (8 - (prefixLength - bit))) & 0xff;
    if ((address.bytes[bit / 8]! & mask) !== (network.bytes[bit / 8]! & mask)) return false;
  }
  return true;
}

/** The address as text: dotted quad, or IPv6 groups (uncompressed, which is enough for logs and `Host`-less connects). */
export function formatIpAddress(address: IpAddress): string {
  if (address.family === 4) return Array.from(address.bytes).join('.');
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2)
    groups.push(((address.bytes[index]! << 8) | address.bytes[index + 1]!).toString(16));
  return groups.join(':');
}
