/**
 * A version string that compares correctly as text (GrowthBook's `paddedVersionString`): the leading `v` and
 * build metadata go, numeric parts are left-padded, and a release without pre-release tag gets `~` (the highest
 * printable ASCII character) so `1.0.0` sorts after `1.0.0-beta`.
 */
export function paddedVersion(input: unknown): string {
  const given = typeof input === 'number' ? `${input}` : input;
  const text = given && typeof given === 'string' ? given : '0';
  const parts = text.replace(/(^v|\+.*$)/g, '').split(/[-.]/);
  if (parts.length === 3) parts.push('~');
  return parts.map((part) => (/^[0-9]+$/.test(part) ? part.padStart(5, ' ') : part)).join('-');
}
