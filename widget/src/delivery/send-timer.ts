/** The one planned send of a tab: at most one timer at a time. */
export interface SendTimer {
  /** Plans a send after `delay` ms, unless one is planned already or `canRun()` says no. */
  schedule(delay: number): void;
  /** Replaces the planned send (if any) with one after `delay` ms. */
  reschedule(delay: number): void;
  cancel(): void;
}

/** Makes the send timer; `fire` runs when a planned send is due. */
export function createSendTimer(canRun: () => boolean, fire: () => void): SendTimer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const schedule = (delay: number) => {
    if (timer !== undefined || !canRun()) return;
    timer = setTimeout(() => {
      timer = undefined;
      fire();
    }, delay);
  };
  return {
    schedule,
    reschedule(delay) {
      cancel();
      schedule(delay);
    },
    cancel,
  };
}
