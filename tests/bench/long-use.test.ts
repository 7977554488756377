import { describe, expect, it } from 'vitest';
import { longUseCheckpoints, longUseTable } from './long-use.ts';

describe('long use', () => {
  it('reads ascending checkpoints and refuses anything else with the setting named', () => {
    expect(longUseCheckpoints()).toEqual([10, 60, 180, 300]);
    expect(longUseCheckpoints('5,30')).toEqual([5, 30]);
    for (const bad of ['60,10', '10,,60', 'ten', '0,10', '10,10'])
      expect(() => longUseCheckpoints(bad)).toThrow(/LONG_USE_SECONDS must be ascending seconds/);
  });

  it('gives each page its heap and uses at each checkpoint, and what the SDK adds to the page without one', () => {
    const lines = longUseTable({
      checkpointsS: [10, 60],
      runs: [
        { id: 'none', label: 'no SDK', heapBytes: [2048, 4096], rounds: [3, 20] },
        { id: 'crm-insights', label: 'crm', heapBytes: [3072, 3584], rounds: [2, 18] },
      ],
    }).split('\n');
    expect(lines[0]).toMatch(/^\| page +\| 10 s +\| 60 s +\|$/);
    expect(lines[2]).toMatch(/^\| no SDK +\| 2\.0 KB, 3 uses +\| 4\.0 KB, 20 uses +\|$/);
    expect(lines[3]).toMatch(/^\| crm +\| 3\.0 KB, 2 uses \(\+1\.0 KB\) +\| 3\.5 KB, 18 uses \(-512 B\) +\|$/);
  });
});
