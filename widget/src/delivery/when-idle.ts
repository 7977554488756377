/** The window `startWhenIdle` waits on: its `load` event and, where there is one, its `requestIdleCallback`. */
export type IdleTarget = Pick<Window, 'addEventListener' | 'removeEventListener'> &
  Partial<Pick<Window, 'requestIdleCallback'>>;

/**
 * Runs `start` after the page's load event, when the main thread is idle (at most `maxWait` ms later; on the next
 * task where there is no `requestIdleCallback`), so the widget never competes with the page's own critical path.
 * Returns a cancel function.
 */
export function startWhenIdle(
  target: IdleTarget,
  document: Pick<Document, 'readyState'>,
  start: () => void,
  maxWait = 2000,
): () => void {
  let cancelled = false;
  const run = () => {
    if (cancelled) return;
    cancelled = true;
    start();
  };
  const whenIdle = () => {
    if (target.requestIdleCallback) target.requestIdleCallback(run, { timeout: maxWait });
    else setTimeout(run, 0);
  };
  if (document.readyState === 'complete') {
    whenIdle();
    return () => (cancelled = true);
  }
  target.addEventListener('load', whenIdle, { once: true });
  return () => {
    cancelled = true;
    target.removeEventListener('load', whenIdle);
  };
}

/** Yields to the main thread between chunks of work, so no task of ours runs past 50 ms. */
export function yieldToMain(
  scheduler: { yield?: () => Promise<void> } | undefined = (
    globalThis as { scheduler?: { yield?: () => Promise<void> } }
  ).scheduler,
): Promise<void> {
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
