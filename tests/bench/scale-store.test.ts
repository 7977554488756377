import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openKeptStore, readStoreManifest, SQLITE_RECORD, writeStoreManifest } from './scale-store.ts';

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

const pgRecord = { name: 'postgres schema scale10m' };

it('reuses and resumes a PostgreSQL store through the same manifest, and refuses it for SQLite and the other way', () => {
  const dir = freshDir();
  writeFileSync(join(dir, 'analytics.duckdb'), 'x');
  writeStoreManifest(dir, {
    ...key,
    record: pgRecord.name,
    endMs: 5,
    historyEvents: 400,
    liveSent: 0,
    historySent: 410,
  });
  expect(openKeptStore(dir, key, { ...pgRecord, holdsTables: true })).toMatchObject({ historySent: 410 });
  expect(() => openKeptStore(dir, key)).toThrow(/other settings \(record postgres schema scale10m, not sqlite\)/);
  expect(() => openKeptStore(dir, key, { name: 'postgres schema other', holdsTables: true })).toThrow(
    /record postgres schema scale10m, not postgres schema other/,
  );

  // A manifest written before stores named their record is a SQLite one.
  const sqlite = freshDir();
  writeFileSync(join(sqlite, 'insights.sqlite'), 'x');
  writeStoreManifest(sqlite, { ...key, endMs: 5, historyEvents: 990, liveSent: 0, loadedAt: 'then' });
  expect(openKeptStore(sqlite, key, SQLITE_RECORD)?.historyEvents).toBe(990);
  expect(() => openKeptStore(sqlite, key, pgRecord)).toThrow(/record sqlite, not postgres schema scale10m/);
  expect(readdirSync(sqlite).sort()).toEqual(['insights.sqlite', 'scale-store.json']);
});

it('refuses a schema that holds tables when its folder has no manifest, and starts on an empty schema', () => {
  const dir = freshDir();
  expect(() => openKeptStore(dir, key, { ...pgRecord, holdsTables: true })).toThrow(
    /postgres schema scale10m holds tables but .* has no scale-store.json/,
  );
  expect(readdirSync(dir)).toEqual([]);
  expect(openKeptStore(dir, key, { ...pgRecord, holdsTables: false })).toBeUndefined();
});
