import { acquireLease, releaseLease, renewLease } from '../cluster/lease.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';

/** One process's claims on bug-report webhook deliveries: a lease per report in `job_runs`. */
export interface DeliveryClaims {
  /** Takes the report's claim unless another process holds it (a lapsed claim is free again). */
  take(id: string): Promise<boolean>;
  /** Extends the claim; false once another process took it over or `stop` was called. Never rejects. */
  renew(id: string): Promise<boolean>;
  /** Gives the claim back. Never rejects: a claim that cannot be given back lapses after `claimMs` instead. */
  release(id: string): Promise<void>;
  /** From now on every renewal fails, so deliveries under way end before their next attempt. */
  stop(): void;
}

/** Claims of `instance` lasting `claimMs` from each take or renewal, on `now`'s clock. */
export function createDeliveryClaims(
  db: SqlDatabase,
  instance: string,
  now: () => number,
  claimMs: number,
): DeliveryClaims {
  const lease = (id: string) => `bug-report-delivery:${id}`;
  let stopped = false;
  return {
    take: (id) => acquireLease(db, lease(id), instance, now(), claimMs),
    async renew(id) {
      if (stopped) return false;
      return renewLease(db, lease(id), instance, now(), claimMs).catch((error: unknown) => {
        console.error(`[crm-insights] could not renew the claim on bug report ${id}'s webhook delivery`, error);
        return false;
      });
    },
    release: (id) => releaseLease(db, lease(id), instance).catch(() => undefined),
    stop() {
      stopped = true;
    },
  };
}
