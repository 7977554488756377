/**
 * Splits events, in order, into groups whose JSON stays under `maxChars` each, so a segment compresses into a
 * bounded number of parts. An event larger than the bound (a big full snapshot) gets a group of its own.
 */
export function splitEvents<T>(
  events: readonly T[],
  maxChars: number,
  size: (event: T) => number = (event) => JSON.stringify(event).length,
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let currentSize = 2;
  for (const event of events) {
    const eventSize = size(event) + 1;
    if (current.length && currentSize + eventSize > maxChars) {
      groups.push(current);
      current = [];
      currentSize = 2;
    }
    current.push(event);
    currentSize += eventSize;
  }
  if (current.length) groups.push(current);
  return groups;
}

/**
 * Cuts encoded text into parts of at most `maxChars`. Cuts fall on multiples of 4 so each base64 part stays
 * valid on its own, and joining the parts in order gives back the exact text.
 */
export function splitParts(text: string, maxChars: number): string[] {
  const step = Math.max(4, maxChars - (maxChars % 4));
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += step) parts.push(text.slice(start, start + step));
  return parts.length ? parts : [''];
}
