import { maxAttempts } from '../outbound/deliver.ts';
import type { DeliveryOptions } from '../outbound/deliver.ts';
import { createDeliveryLog } from '../outbound/delivery-log.ts';
import type { OutboundClient } from '../outbound/outbound-client.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { createDeliveryClaims } from './delivery-claims.ts';
import type { DeliveryClaims } from './delivery-claims.ts';
import { createFeedbackRepository } from './feedback-repository.ts';
import type { StoredBugReport } from './feedback-repository.ts';
import { deliverBugReport } from './webhook-delivery.ts';

/** How long a delivery's claim lasts unless renewed, and how often `start` looks for unclaimed deliveries. */
export const DEFAULT_CLAIM_MS = 30_000;
/**
 * How far back the periodic look goes: a delivery lives minutes (4 attempts, at most a minute apart), and a dead
 * process's are taken over within two claim periods, so only reports of the last hour can be owed one; older ones
 * are left to the full look each process makes when it starts (all processes were down). This keeps the look to
 * the time index's newest rows, however many reports the table holds.
 */
const PERIODIC_LOOK_BACK_MS = 3_600_000;

/** What bug-report deliveries are made with, and how they are shared with the other processes on the database. */
export interface BugReportDeliveryOptions {
  db: SqlDatabase;
  client: OutboundClient;
  /** This process, as the claims in `job_runs` name it. */
  instance: string;
  now?: () => number;
  /** The retry schedule (tests shorten the waits). */
  webhook?: DeliveryOptions;
  /** Default `DEFAULT_CLAIM_MS`. */
  claimMs?: number;
}

/**
 * The bug-report webhook deliveries of every API process on one database. Each delivery is claimed (a lease per
 * report) by the process that runs it and renewed while it runs, so no two live processes send the same report; a
 * claim its process stopped renewing lapses, and another process carries the delivery on. At least once still: a
 * process that dies after the receiver answered but before the attempt was logged leaves it to be sent again.
 */
export interface BugReportDeliveries {
  /** Claims a report's delivery for this process, before the report is stored; false when another holds it. */
  claim(id: string): Promise<boolean>;
  /** Gives a claim up: the report was not stored (another request had stored it). */
  release(id: string): Promise<void>;
  /** Delivers a claimed report to its webhook in the background, retrying; the claim ends with the delivery. */
  deliver(report: StoredBugReport): void;
  /** Carries on, once, the unfinished deliveries nobody holds: cut short by a restart, or by a process that died. */
  resume(): Promise<void>;
  /**
   * Resumes every claim period the deliveries of the last hour's reports, so a dead process's go on within two
   * periods; until `stop`.
   */
  start(): void;
  stop(): void;
}

/** Bug-report deliveries through `client`, each attempt logged in the delivery log, each claimed in `job_runs`. */
export function createBugReportDeliveries(options: BugReportDeliveryOptions): BugReportDeliveries {
  const { db, now = Date.now, webhook, claimMs = DEFAULT_CLAIM_MS } = options;
  const claims = createDeliveryClaims(db, options.instance, now, claimMs);
  const repository = createFeedbackRepository(db);
  // This process's deliveries under way: its own lapsed claim must still not start a second one here.
  const running = new Set<string>();
  const claim = async (id: string) => !running.has(id) && claims.take(id);
  const deliver = deliverClaimed(options, claims, running);
  const sweep = async (since: number) => {
    const max = maxAttempts(webhook);
    for (const pending of await repository.unfinishedDeliveries(max, since)) {
      if (!(await claim(pending.id))) continue;
      // Read again once claimed: the process that held the claim may have finished the delivery since the list.
      const current = await repository.unfinishedDelivery(pending.id, max);
      const report = current && (await repository.getBugReport(pending.id));
      if (current && report?.webhook) deliver(report, current.attempts + 1);
      else await claims.release(pending.id);
    }
  };
  let sweeping: Promise<void> | undefined;
  const sweepOnce = (since: number) => (sweeping ??= sweep(since).finally(() => (sweeping = undefined)));
  const resume = () => sweepOnce(0);
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    claim,
    release: claims.release,
    deliver: (report) => deliver(report, 1),
    resume,
    start() {
      const failed = (error: unknown) => console.error('[crm-insights] could not resume webhook deliveries', error);
      timer ??= setInterval(() => void sweepOnce(now() - PERIODIC_LOOK_BACK_MS).catch(failed), claimMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      claims.stop();
    },
  };
}

/**
 * Starts the delivery of a report this process has claimed: the claim is renewed every third of its length
 * through the waits between attempts (up to a minute) and just before each attempt, which goes ahead only while
 * the claim is still this process's; it is given back when the delivery ends.
 */
function deliverClaimed(options: BugReportDeliveryOptions, claims: DeliveryClaims, running: Set<string>) {
  const { now = Date.now, webhook, claimMs = DEFAULT_CLAIM_MS } = options;
  const log = createDeliveryLog(options.db);
  return (report: StoredBugReport, firstAttempt: number) => {
    running.add(report.id);
    const heartbeat = setInterval(() => void claims.renew(report.id), claimMs / 3);
    heartbeat.unref();
    const beforeAttempt = () => claims.renew(report.id);
    void deliverBugReport(options.client, log, report, { now, ...webhook, firstAttempt, beforeAttempt })
      .catch((error: unknown) =>
        console.error(`[crm-insights] webhook delivery of bug report ${report.id} failed`, error),
      )
      .finally(() => {
        clearInterval(heartbeat);
        running.delete(report.id);
        return claims.release(report.id);
      });
  };
}
