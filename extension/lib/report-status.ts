import type { BugReportStatus } from '../../shared/protocol.ts';
import { dashboardUrl } from './api-client.ts';
import type { MyReport } from './messages.ts';

/** Where the dashboard shows a report. */
export function reportLink(endpoint: string, id: string): string {
  return dashboardUrl(endpoint, `feedback/bugs/${encodeURIComponent(id)}`);
}

/** A report as `GET /api/bug-reports?reporter=…` lists it (the fields "My reports" shows). */
export interface ListedReport {
  id: string;
  createdAt: number;
  description: string;
  status: BugReportStatus;
  statusChangedAt?: number;
  statusChangedBy?: string;
}

/** What "My reports" shows of a listed report: its triage status, a sentence on who set it when, and its link. */
export function myReport(report: ListedReport, endpoint: string, timeZone?: string): MyReport {
  const when =
    report.statusChangedAt === undefined
      ? undefined
      : new Date(report.statusChangedAt).toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  return {
    id: report.id,
    filedAt: report.createdAt,
    description: report.description.slice(0, 200),
    status: report.status,
    detail: when
      ? `${report.status} since ${when}, set by ${report.statusChangedBy ?? 'staff'}`
      : 'open: nobody has triaged it yet',
    link: reportLink(endpoint, report.id),
  };
}
