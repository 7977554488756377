import type { StackFrame } from './events.ts';

/**
 * Groups the same bug across users, reloads and deploys: one pure function of the error's type, its message with
 * dynamic parts (numbers, ids, quoted values, URLs) normalised away, and its top in-app frames by function and
 * file name only — no line or column (they move with every deploy) and no build hashes in file names.
 */

/** What a fingerprint is computed from. */
export interface FingerprintInput {
  type: string;
  message: string;
  frames: readonly StackFrame[];
  /** A caller-chosen grouping (`captureError(error, { fingerprint })`): replaces the computed one's inputs. */
  custom?: string | readonly string[];
}

/** How many in-app frames count: deeper frames differ between call paths of the same bug. */
const FINGERPRINT_FRAMES = 3;

/** The message with values that change between occurrences replaced by placeholders. */
export function normalizeMessage(message: string): string {
  return message
    .replace(/\b[a-z][\w+.-]*:\/\/\S+/gi, '<url>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/(["'`]).*?\1/g, '<str>')
    .replace(/\b0x[0-9a-f]+\b|\b[0-9a-f]*\d[0-9a-f]*\b(?=[^a-z]|$)/gi, (match) =>
      /^\d+$/.test(match) || match.length >= 8 || match.startsWith('0x') ? '<n>' : match,
    )
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

/** A file name without origin, query, and the content hashes bundlers put in names (`app-3f9a1c.js` → `app.js`). */
export function normalizeFile(file: string | undefined): string {
  if (!file) return '';
  const path = file.replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.replace(/[.-][0-9a-z_-]{6,}(?=\.\w+$)/i, (hash) => (/\d/.test(hash) ? '' : hash));
}

/** The fingerprint: a 16-hex-digit hash of the grouping parts. */
export function fingerprint(input: FingerprintInput): string {
  if (input.custom !== undefined)
    // `flat` rather than a spread: a plain JS caller's number (an error code) groups by its text, not throws.
    return hash(['custom', ...[input.custom].flat()].join('\n'));
  const inApp = input.frames.filter((frame) => frame.inApp).slice(0, FINGERPRINT_FRAMES);
  const frames = inApp.map((frame) => `${frame.function ?? '?'}@${normalizeFile(frame.file)}`);
  return hash([input.type, normalizeMessage(input.message), ...frames].join('\n'));
}

/** cyrb53-style 2×32-bit string hash: fast, well mixed, the same in every JS engine. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
