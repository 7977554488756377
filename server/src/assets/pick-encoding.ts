/** A precompressed copy the server may send instead of the file itself. */
export type Encoding = 'br' | 'gzip';

/**
 * The best encoding `Accept-Encoding` allows among those available, brotli first (smaller), honouring `q=0`
 * refusals and `*` (https://www.rfc-editor.org/rfc/rfc9110#name-accept-encoding). Undefined: send the identity.
 */
export function pickEncoding(acceptEncoding: string | undefined, available: readonly Encoding[]): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weightOf = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
  return (['br', 'gzip'] as const)
    .filter((name) => available.includes(name) && weightOf(name) > 0)
    .sort((a, b) => weightOf(b) - weightOf(a))[0];
}
