import type { Context } from 'hono';
import {
  BUG_REPORT_LOGS_MAX_BYTES,
  BUG_REPORT_MAX_BYTES,
  BUG_REPORT_PUBLIC_MAX_BYTES,
  BUG_REPORT_REPLAY_MAX_BYTES,
  BugReportSchema,
  validateWith,
} from '../../../shared/protocol.ts';
import type { BugReportInput } from '../../../shared/protocol.ts';
import type { Caller } from '../feedback/feedback-context.ts';
import { HttpError } from '../http-errors.ts';
import { readJsonBody } from '../read-body.ts';

/** Reads a filed bug report: the body within the credential's size limit, the schema, then the attachments' limits. */
export async function parseBugReport(context: Context, caller: Caller): Promise<BugReportInput> {
  // rrweb's DOM snapshots nest two levels per element, so a replay needs more depth than other bodies.
  const maxBytes = caller === 'write' ? BUG_REPORT_PUBLIC_MAX_BYTES : BUG_REPORT_MAX_BYTES;
  const parsed = validateWith(
    BugReportSchema,
    await readJsonBody(context, { maxBytes, maxDepth: 512, maxEntries: 25_000 }),
  );
  if (!parsed.ok) throw new HttpError(400, `invalid bug report: ${parsed.message}`);
  requireAttachmentsWithinLimits(parsed.value);
  return parsed.value;
}

/** Answers 413 naming the attachment when a report's replay or its logs together are over their limits. */
function requireAttachmentsWithinLimits(report: BugReportInput): void {
  const replayBytes = report.replay ? JSON.stringify(report.replay).length : 0;
  if (replayBytes > BUG_REPORT_REPLAY_MAX_BYTES)
    throw new HttpError(413, `replay is ${replayBytes} bytes; the limit is ${BUG_REPORT_REPLAY_MAX_BYTES}`);
  const logsBytes = JSON.stringify([
    report.errors ?? [],
    report.failedRequests ?? [],
    report.breadcrumbs ?? [],
    report.vitals ?? [],
  ]).length;
  if (logsBytes > BUG_REPORT_LOGS_MAX_BYTES)
    throw new HttpError(
      413,
      `logs (errors, failedRequests, breadcrumbs, vitals) are ${logsBytes} bytes together; the limit is ${BUG_REPORT_LOGS_MAX_BYTES}`,
    );
}
