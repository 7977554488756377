import { hasItem } from '../stored-json.ts';
import { apiError } from './api-error.ts';
import type { BugReportInput } from '../../../shared/protocol.ts';

/** Where reports wait until the server stored them. */
export const PENDING_BUG_REPORTS_KEY = 'crm-insights:pending-bug-reports';

/** Whether a report a reload interrupted is waiting to be sent again. */
export function hasPendingBugReports(storage: Storage | undefined): boolean {
  return hasItem(storage, PENDING_BUG_REPORTS_KEY);
}

/** A report body as sent to `POST /bug-reports`. */
export type BugReportBody = Omit<BugReportInput, 'source'> & { id: string; source: 'widget' };

/**
 * Bug reports go straight to `POST /bug-reports` (they are larger than an event may be), so they get their own
 * small durable queue: a report is written to localStorage before it is sent and removed only after a 2xx, and
 * what a reload interrupted is sent again on the next page. The server stores each id once.
 */
export function bugReportOutbox(storage: Storage | undefined, send: (body: BugReportBody) => Promise<Response>) {
  const read = (): BugReportBody[] => {
    try {
      const parsed: unknown = JSON.parse(storage?.getItem(PENDING_BUG_REPORTS_KEY) ?? '[]');
      return Array.isArray(parsed) ? (parsed as BugReportBody[]) : [];
    } catch {
      return [];
    }
  };
  const write = (reports: BugReportBody[]) => {
    try {
      if (reports.length) storage?.setItem(PENDING_BUG_REPORTS_KEY, JSON.stringify(reports));
      else storage?.removeItem(PENDING_BUG_REPORTS_KEY);
    } catch {
      // Full or blocked storage: the report is still sent now, it just cannot survive a reload.
    }
  };
  const deliver = async (report: BugReportBody): Promise<void> => {
    const response = await send(report);
    // 4xx other than 429 will not get better by retrying: drop it so it does not block the queue forever.
    if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429))
      write(read().filter((item) => item.id !== report.id));
    if (!response.ok) throw new Error(await apiError(response));
  };
  return {
    /** Persists, then sends; resolves with the id once the server stored it. */
    async file(report: BugReportBody): Promise<string> {
      write([...read().filter((item) => item.id !== report.id), report].slice(-5));
      await deliver(report);
      return report.id;
    },
    /** Sends what an earlier page left behind; failures stay queued for the next page. */
    async resend(): Promise<void> {
      for (const report of read()) await deliver(report).catch(() => undefined);
    },
  };
}
