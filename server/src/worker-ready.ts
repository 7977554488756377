import type { Worker } from 'node:worker_threads';
import { HttpError } from './http-errors.ts';

/** How a worker thread says it is ready, or why it cannot start, in its own message shape. */
export interface ReadySignals<Message> {
  isReady(message: Message): boolean;
  /** The reason when `message` says the worker failed to start, else undefined. */
  failure?(message: Message): string | undefined;
}

/**
 * Waits for a just-started worker's ready message. A worker that fails, exits or reports a failure first is
 * terminated and answered as a 503 naming `what` failed to start, with `retry` as its headers.
 */
export async function workerReady<Message>(
  thread: Worker,
  signals: ReadySignals<Message>,
  what: string,
  retry: Record<string, string>,
): Promise<Worker> {
  const listeners: { error(error: Error): void; exit(code: number): void; message(message: Message): void } = {
    error() {},
    exit() {},
    message() {},
  };
  try {
    await new Promise<void>((resolve, reject) => {
      listeners.error = reject;
      listeners.exit = (code) => reject(new Error(`exited with code ${code}`));
      listeners.message = (message) => {
        if (signals.isReady(message)) return resolve();
        const failure = signals.failure?.(message);
        if (failure !== undefined) reject(new Error(failure));
      };
      thread.on('error', listeners.error).on('exit', listeners.exit).on('message', listeners.message);
    });
    return thread;
  } catch (error) {
    await thread.terminate();
    throw new HttpError(
      503,
      `${what} failed to start: ${error instanceof Error ? error.message : String(error)}`,
      undefined,
      retry,
    );
  } finally {
    // Only these listeners: removeAllListeners would also drop the Worker's own, and messages stop arriving.
    thread.off('error', listeners.error).off('exit', listeners.exit).off('message', listeners.message);
  }
}
