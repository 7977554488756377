/** Runs a callback, swallowing anything it throws: nothing of ours may escape into the page. */
export function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
