import { describe, expect, it } from 'vitest';
import { checkLimit, sizeBudget, TARGETS } from './budgets.ts';
import { HEAP_KINDS } from './heap-kinds.ts';
import { entryFunctionsTable, heapKindsTable, pagesTable } from './page-tables.ts';
import { checksTable, sizesTable } from './report.ts';
import type { BenchResults, ScenarioSummary } from './results.ts';

describe('report tables', () => {
  it('marks a chunk that is not built and judges the built ones against their budgets', () => {
    const sizes = [
      { name: 'core', file: 'insights.js', built: true, raw: 40_000, gzip: 16_000, brotli: 16_000 },
      { name: 'replay', file: 'insights/replay.js', built: false },
    ];
    const results = {
      sizes,
      checks: [checkLimit(sizeBudget('core')!, 16_000), checkLimit(sizeBudget('replay')!, undefined)],
    } as unknown as BenchResults;
    const lines = sizesTable(results).split('\n');
    expect(lines[2]).toMatch(/^\| core \(insights\.js\) .* 15\.6 KB .* 15\.0 KB: fail/);
    expect(lines[3]).toMatch(/^\| replay \(insights\/replay\.js\) \| not built .* 25\.0 KB: not built/);
  });

  it("says BROKEN for a budget and missed for a target, with the figure in the limit's unit", () => {
    const table = checksTable([
      checkLimit(sizeBudget('core')!, 20 * 1024),
      checkLimit(TARGETS.find((target) => target.unit === 'events/s')!, 1234.4),
    ]);
    expect(table).toMatch(/\| budget \| core ≤ 15 KB brotli +\| +20\.0 KB \| BROKEN \|/);
    expect(table).toMatch(/\| target \| ≥ 50,000 events\/s into IndexedDB +\| +1,234 events\/s \| missed +\|/);
  });

  it("lists what started each crm-insights page's script time, and no peer's", () => {
    const page = (id: string, kind: string, extra: Partial<ScenarioSummary>) =>
      ({ id, label: id, kind, runs: 1, samples: [], ...extra }) as ScenarioSummary;
    const lines = entryFunctionsTable([
      page('crm', 'crm', { sdkEntryFunctions: [{ name: 'boot (widget/src/script-tag.ts:76)', selfMs: 31.6 }] }),
      page('peer', 'peer', { sdkEntryFunctions: [{ name: 'init (sentry.js:1:1)', selfMs: 40 }] }),
    ]).split('\n');
    expect(lines[0]).toMatch(
      /^\| page +\| started by \(outermost crm-insights function on the stack\) \| time per load \|$/,
    );
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(/^\| crm +\| boot \(widget\/src\/script-tag\.ts:76\) +\| +32 ms \|$/),
    ]);
  });

  it('shows why a page was not measured instead of figures', () => {
    const pages = [
      {
        id: 'crm-insights-replay',
        label: 'crm-insights (replay on)',
        kind: 'crm',
        runs: 0,
        samples: [],
        skipped: 'not built: insights/replay.js',
      },
    ] as ScenarioSummary[];
    expect(pagesTable(pages)).toContain('| crm-insights (replay on) | not built: insights/replay.js');
  });

  it('shows the heap after the scripted use with what the SDK adds, and a dash where it was not measured', () => {
    const page = (id: string, kind: string, extra: Partial<ScenarioSummary>) =>
      ({ id, label: id, kind, runs: 1, samples: [], ...extra }) as ScenarioSummary;
    const lines = pagesTable([
      page('none', 'none', { heapAfterUseBytes: 2048 }),
      page('crm', 'crm', { heapAfterUseBytes: 3072, addedHeapAfterUseBytes: 1024 }),
      page('peer', 'peer', {}),
    ]).split('\n');
    expect(lines[0]).toMatch(/\| JS heap after use \(added\) \|$/);
    expect(lines[2]).toMatch(/\| 2\.0 KB +\|$/);
    expect(lines[3]).toMatch(/\| 3\.0 KB \(\+1\.0 KB\) +\|$/);
    expect(lines[4]).toMatch(/\| – +\|$/);
  });

  it("gives each page's heap by kind minus the page without an SDK, and nothing without that baseline", () => {
    const kinds = (bytes: number) => Object.fromEntries(HEAP_KINDS.map((kind) => [kind, bytes]));
    const page = (id: string, kind: string, bytes: number) =>
      ({ id, label: id, kind, runs: 1, samples: [], heapKinds: kinds(bytes) }) as unknown as ScenarioSummary;
    const table = heapKindsTable([page('none', 'none', 1024), page('crm', 'crm', 3072), page('peer', 'peer', 2048)]);
    expect(table.split('\n')[0]).toMatch(/^\| added to the JS heap +\| +crm \| +peer \|$/);
    expect(table).toMatch(/\| bytecode and function data +\| +2\.0 KB \| +1\.0 KB \|/);
    expect(table).toMatch(/\| all of these +\| +14\.0 KB \| +7\.0 KB \|/);
    expect(heapKindsTable([page('crm', 'crm', 3072)])).toBe('');
  });
});
