/**
 * `run` made to share: a call arriving while a run is under way gets that run's promise (its arguments are
 * dropped) instead of starting a second one beside it.
 */
export function oneRunAtATime<Args extends unknown[], Result>(
  run: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  let running: Promise<Result> | undefined;
  return (...args) => {
    running ??= run(...args).finally(() => (running = undefined));
    return running;
  };
}
