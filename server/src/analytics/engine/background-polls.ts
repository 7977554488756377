/** What the background loop runs, and how long it waits after each round. */
export interface PollRounds {
  /** One round: a paced pass, then a paced fold; rejects when either failed. */
  round(): Promise<void>;
  /** The wait after a round that took `roundMs`. */
  delayAfter(roundMs: number): number;
  /** Notes a failed round and answers the wait before the next try. */
  retryAfter(error: unknown): number;
  now: () => number;
  isStopped: () => boolean;
}

/** The projector's background loop: `start` schedules the first round, `cancel` the one waiting to run. */
interface BackgroundPolls {
  start(delayMs: number): void;
  cancel(): void;
}

/** Runs rounds in the background, each after the wait the one before it called for, until stopped. */
export function pollInBackground(rounds: PollRounds): BackgroundPolls {
  let timer: NodeJS.Timeout | undefined;
  const poll = () => {
    timer = undefined;
    if (rounds.isStopped()) return;
    const started = rounds.now();
    rounds.round().then(
      () => schedule(rounds.delayAfter(rounds.now() - started)),
      (error: unknown) => schedule(rounds.retryAfter(error)),
    );
  };
  const schedule = (delay: number) => {
    if (!rounds.isStopped()) timer = setTimeout(poll, delay);
  };
  return {
    start: schedule,
    cancel() {
      if (timer) clearTimeout(timer);
    },
  };
}
