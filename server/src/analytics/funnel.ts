/** One event as a funnel sees it: who, when, and the step name it can match. */
export interface FunnelEvent {
  actor: string;
  ts: number;
  step: string;
}

/** People reaching each step, and conversion from the first step and from the step before. */
export interface FunnelStepResult {
  step: string;
  count: number;
  /** count / people who did step 1; 1 for step 1 (0 when nobody started). */
  conversion: number;
  /** count / people who reached the step before; 1 for step 1. */
  fromPrevious: number;
}

/**
 * An ordered funnel: each person counts once, at the furthest step they reached in order, with every step
 * after the first within `windowMs` of a step-1 event. Each step-1 occurrence is tried as a start, because a
 * later start can reach further within the window. Only starts in `[since, until)` count, when given.
 */
export function computeFunnel(
  events: readonly FunnelEvent[],
  steps: readonly string[],
  windowMs: number,
  startRange: { since?: number; until?: number } = {},
): FunnelStepResult[] {
  const byActor = new Map<string, FunnelEvent[]>();
  for (const event of events) {
    const list = byActor.get(event.actor);
    if (list) list.push(event);
    else byActor.set(event.actor, [event]);
  }
  const reached = new Array<number>(steps.length).fill(0);
  for (const list of byActor.values()) {
    list.sort((a, b) => a.ts - b.ts);
    const furthest = furthestStep(list, steps, windowMs, startRange);
    for (let index = 0; index < furthest; index++) reached[index]! += 1;
  }
  return funnelSteps(steps, reached);
}

/** The answer rows from how many people reached each step: conversion from the first step and from the one before. */
export function funnelSteps(steps: readonly string[], reached: readonly number[]): FunnelStepResult[] {
  return steps.map((step, index) => ({
    step,
    count: reached[index]!,
    conversion: index === 0 ? (reached[0] ? 1 : 0) : ratio(reached[index]!, reached[0]!),
    fromPrevious: index === 0 ? (reached[0] ? 1 : 0) : ratio(reached[index]!, reached[index - 1]!),
  }));
}

/** How many steps (0..steps.length) one person's time-ordered events complete. */
function furthestStep(
  list: readonly FunnelEvent[],
  steps: readonly string[],
  windowMs: number,
  { since, until }: { since?: number; until?: number },
): number {
  let best = 0;
  for (let start = 0; start < list.length && best < steps.length; start++) {
    const first = list[start]!;
    if (
      first.step !== steps[0] ||
      (since !== undefined && first.ts < since) ||
      (until !== undefined && first.ts >= until)
    )
      continue;
    let next = 1;
    for (let index = start + 1; index < list.length && next < steps.length; index++) {
      const event = list[index]!;
      if (event.ts - first.ts > windowMs) break;
      if (event.step === steps[next]) next++;
    }
    best = Math.max(best, next);
  }
  return best;
}

/** A share rounded to 4 decimals, so answers compare exactly across databases and in tests. */
export function ratio(part: number, whole: number): number {
  return whole ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}
