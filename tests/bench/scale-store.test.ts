import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openKeptStore, readStoreManifest, writeStoreManifest } from './scale-store.ts';

const key = { events: 1000, users: 10, days: 28, seed: 13 };
const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'scale-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('reuses a fully loaded store made with the same settings', () => {
  const dir = freshDir();
  writeFileSync(join(dir, 'insights.sqlite'), 'x');
  writeStoreManifest(dir, { ...key, endMs: 5, historyEvents: 990, liveSent: 20, loadedAt: '2026-12-06T08:00:00Z' });
  expect(openKeptStore(dir, key)).toMatchObject({ endMs: 5, historyEvents: 990, liveSent: 20 });
  expect(readdirSync(dir).sort()).toEqual(['insights.sqlite', 'scale-store.json']);
});

it('resumes a load cut short, and refuses a store made with other settings without touching it', () => {
  const cut = freshDir();
  writeFileSync(join(cut, 'insights.sqlite'), 'x');
  writeStoreManifest(cut, { ...key, endMs: 5, historyEvents: 400, liveSent: 0, historySent: 410 });
  expect(openKeptStore(cut, key)).toMatchObject({ historySent: 410, historyEvents: 400 });
  expect(openKeptStore(cut, key)?.loadedAt).toBeUndefined();

  const other = freshDir();
  writeFileSync(join(other, 'insights.sqlite'), 'x');
  writeStoreManifest(other, { ...key, events: 2000, endMs: 5, historyEvents: 1, liveSent: 0, loadedAt: 'then' });
  expect(() => openKeptStore(other, key)).toThrow(/made with other settings \(events 2000, not 1000\)/);
  expect(readdirSync(other).sort()).toEqual(['insights.sqlite', 'scale-store.json']);
  expect(readStoreManifest(other)?.events).toBe(2000);
});

it("refuses a folder with someone else's files and leaves them there", () => {
  const dir = freshDir();
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  expect(() => openKeptStore(dir, key)).toThrow(/holds files but no scale-store.json/);
  expect(readdirSync(dir)).toEqual(['notes.txt']);
});

it('creates a missing folder and starts empty', () => {
  const dir = join(freshDir(), 'nested', 'store');
  expect(openKeptStore(dir, key)).toBeUndefined();
  expect(readdirSync(dir)).toEqual([]);
});
