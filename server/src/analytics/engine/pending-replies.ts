import { HttpError } from '../../http-errors.ts';
import { ENGINE_RETRY } from './engine-thread.ts';
import type { EngineFailure, EngineReply, ProjectionProgress } from './protocol.ts';

/** How a request sent to the worker is answered. */
interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: (progress: ProjectionProgress) => void;
}

/** The requests sent to the worker and not answered yet, by id. */
export interface PendingReplies {
  /** Waits for the reply to request `id`. */
  add(id: number, pending: Pending): void;
  /** Hands a reply to the request it answers: progress as it comes, then the value or the failure as an error. */
  settle(reply: EngineReply): void;
  /** Rejects every request still waiting with `error`. */
  rejectAll(error: unknown): void;
}

/** An empty set of pending requests. */
export function pendingReplies(): PendingReplies {
  const pending = new Map<number, Pending>();
  return {
    add: (id, entry) => void pending.set(id, entry),
    settle(reply) {
      const entry = 'id' in reply ? pending.get(reply.id) : undefined;
      if (!entry || !('id' in reply)) return;
      if (reply.kind === 'progress') return entry.onProgress?.(reply.progress);
      pending.delete(reply.id);
      if (reply.kind === 'done') entry.resolve(reply.value);
      else if (reply.kind === 'failed') entry.reject(failureError(reply.failure));
    },
    rejectAll(error) {
      for (const [id, entry] of pending) {
        pending.delete(id);
        entry.reject(error);
      }
    },
  };
}

function failureError(failure: EngineFailure): Error {
  if (failure.status && failure.status >= 400 && failure.status < 500)
    return new HttpError(failure.status as 400, failure.message);
  if (failure.code === 'interrupted' || failure.code === 'out-of-memory')
    return new HttpError(503, failure.message, undefined, ENGINE_RETRY);
  if (failure.code === 'unknown-query') return new Error(failure.message);
  return new Error(`analytics read failed: ${failure.message}`);
}
