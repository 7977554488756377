/** A wall clock a test moves by hand, so minute-long windows pass in no time. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

/** Starts at `start` (default the real time now) and moves only when told. */
export function createTestClock(start = Date.now()): TestClock {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
  };
}
