import { readFileSync } from 'node:fs';

/** The docs folder of this repository. */
export const DOCS_DIR = new URL('../../docs/', import.meta.url);

/**
 * The tables of a markdown file under docs/, each a list of rows of cells, header first (the divider row left out).
 */
export function markdownTables(file: string): string[][][] {
  const tables: string[][][] = [];
  let previousWasRow = false;
  for (const line of readFileSync(new URL(file, DOCS_DIR), 'utf8').split('\n')) {
    const isRow = line.startsWith('|');
    if (isRow && !previousWasRow) tables.push([]);
    previousWasRow = isRow;
    const cells = isRow ? tableCells(line) : [];
    if (isRow && !cells.every((cell) => /^:?-+:?$/.test(cell))) tables.at(-1)!.push(cells);
  }
  return tables;
}

/** A table row's cells, trimmed, split on `|` that is not escaped as `\|`. */
function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** Every `code` span in a table cell, e.g. the names `PORT` and `HOST` of the cell "`PORT`, `HOST`". */
export function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
}
