import type { FeedbackRepository, StoredBugReport } from '../feedback/feedback-repository.ts';
import { deliverBugReport } from '../feedback/webhook-delivery.ts';
import { maxAttempts } from '../outbound/deliver.ts';
import type { DeliveryOptions } from '../outbound/deliver.ts';
import type { DeliveryLog } from '../outbound/delivery-log.ts';
import type { OutboundClient } from '../outbound/outbound-client.ts';

/** The bug-report webhook deliveries this process owns: each claimed, so that it never runs twice here. */
export interface BugReportDeliveries {
  /** Claims a report's delivery; done before the report is stored, so the resume scan cannot start it too. */
  claim(id: string): void;
  /** Gives a claim up: the report was not stored (another request had stored it). */
  release(id: string): void;
  /** Delivers the report's summary to its webhook in the background, retrying; the claim ends with the delivery. */
  deliver(report: StoredBugReport): void;
  /** Carries on the deliveries a restart cut short, after the attempts already logged. */
  resume(repository: FeedbackRepository): void;
}

/** Bug-report deliveries through `client`, each attempt logged in `log`, with the retry schedule of `webhook`. */
export function createBugReportDeliveries(
  client: OutboundClient,
  log: DeliveryLog,
  { now, webhook }: { now: () => number; webhook?: DeliveryOptions },
): BugReportDeliveries {
  // Reports whose delivery this process owns. Claimed before the report is stored, so the resume scan,
  // which runs concurrently with the first requests, can never start a second delivery of a new report.
  const claimed = new Set<string>();
  const deliver = (report: StoredBugReport, firstAttempt = 1) =>
    void deliverBugReport(client, log, report, { now, ...webhook, firstAttempt })
      .catch((error: unknown) =>
        console.error(`[crm-insights] webhook delivery of bug report ${report.id} failed`, error),
      )
      .finally(() => claimed.delete(report.id));
  return {
    claim: (id) => void claimed.add(id),
    release: (id) => void claimed.delete(id),
    deliver: (report) => deliver(report),
    resume(repository) {
      void (async () => {
        for (const pending of await repository.unfinishedDeliveries()) {
          if (pending.attempts >= maxAttempts(webhook) || claimed.has(pending.id)) continue;
          claimed.add(pending.id);
          const report = await repository.getBugReport(pending.id);
          if (report?.webhook) deliver(report, pending.attempts + 1);
        }
      })().catch((error: unknown) => console.error('[crm-insights] could not resume webhook deliveries', error));
    },
  };
}
