import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A relative link of a markdown file: where it is and what it points at. */
export interface MarkdownLink {
  line: number;
  target: string;
}

/** The lines of `text` outside fenced code blocks, with their numbers. */
function proseLines(text: string): { line: number; text: string }[] {
  let fenced = false;
  return text.split('\n').flatMap((line, index) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    return fenced || /^\s*```/.test(line) ? [] : [{ line: index + 1, text: line }];
  });
}

/** The relative links (`[text](path#anchor)`) of a markdown text, outside code; links with a scheme are left out. */
export function relativeLinks(text: string): MarkdownLink[] {
  return proseLines(text).flatMap(({ line, text: prose }) =>
    [...prose.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
      .map((match) => match[1]!)
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => ({ line, target })),
  );
}

/**
 * The anchor GitHub gives a heading: lower case, markup and punctuation dropped, spaces as hyphens; a repeated
 * heading gets `-1`, `-2`… (https://github.com/gjtorikian/html-pipeline, `TableOfContentsFilter`).
 */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a markdown file has: its headings' and its explicit `<a id>`/`<a name>` ones. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text: prose } of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(prose)?.[1];
    if (heading === undefined) continue;
    const anchor = headingAnchor(heading);
    const count = seen.get(anchor) ?? 0;
    seen.set(anchor, count + 1);
    anchors.add(count ? `${anchor}-${count}` : anchor);
  }
  for (const match of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1]!);
  return anchors;
}

/** What is wrong with `link` of the markdown file `file`: a missing file or anchor; undefined when it resolves. */
export function brokenLink(file: string, { target }: MarkdownLink): string | undefined {
  const [path = '', anchor] = target.split('#');
  const destination = path ? resolve(dirname(file), decodeURIComponent(path)) : file;
  if (!existsSync(destination)) return `no file ${target}`;
  if (anchor === undefined || !destination.endsWith('.md')) return undefined;
  return anchorsOf(readFileSync(destination, 'utf8')).has(anchor) ? undefined : `no heading for #${anchor}`;
}
