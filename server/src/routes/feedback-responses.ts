import * as v from 'valibot';
import { BUG_REPORT_STATUSES, BugReportSchema, BugRoutingRuleSchema, PageSchema } from '../../../shared/protocol.ts';
import { FEATURE_REQUEST_STATUSES } from '../feedback/feedback-repository.ts';
import { NpsSummaryEntries } from './analytics-responses.ts';

// Response schemas of the survey, feedback, feature request, bug report and replay routes, for the API document;
// the end-to-end test checks real answers against them.

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Sentiment = v.strictObject({
  score: v.number(),
  comparative: v.number(),
  label: v.picklist(['positive', 'neutral', 'negative']),
});

/** What `POST /feedback/nps`, `POST /feedback` and `POST /feature-requests` answer: the id, and whether it was a repeat. */
export const SubmissionAnswer = v.strictObject({
  id: v.string(),
  duplicate: v.pipe(v.boolean(), v.description('True when this id was stored before (a retried send): stored once.')),
});

/** `GET /feedback/nps`. */
export const NpsAnswer = v.strictObject({
  ...NpsSummaryEntries,
  trend: v.array(v.strictObject({ ...NpsSummaryEntries, weekStart: v.string() })),
  sentiment: v.strictObject({ positive: Count, neutral: Count, negative: Count }),
  comments: v.array(
    v.strictObject({
      id: v.string(),
      surveyId: v.string(),
      score: Count,
      comment: v.string(),
      ts: v.number(),
      userId: v.optional(v.string()),
      path: v.optional(v.string()),
      sentiment: Sentiment,
    }),
  ),
});

/** `GET /feedback`. */
export const FeedbackListAnswer = v.strictObject({
  items: v.array(
    v.strictObject({
      id: v.string(),
      text: v.pipe(v.string(), v.description('Exactly as written: render it as text.')),
      category: v.optional(v.string()),
      prompt: v.optional(v.string()),
      ts: v.number(),
      userId: v.optional(v.string()),
      page: v.optional(PageSchema),
      sentiment: Sentiment,
    }),
  ),
  nextCursor: v.optional(v.string()),
});

/** `GET /feature-requests`. */
export const FeatureRequestsAnswer = v.strictObject({
  requests: v.array(
    v.strictObject({
      id: v.string(),
      title: v.string(),
      description: v.optional(v.string()),
      createdAt: v.number(),
      votes: Count,
      voted: v.pipe(v.boolean(), v.description('Whether `voterId` voted for it.')),
      status: v.picklist(FEATURE_REQUEST_STATUSES),
    }),
  ),
});

/** `POST /feature-requests/:id/votes`. */
export const VoteAnswer = v.strictObject({
  voted: v.literal(true),
  counted: v.pipe(v.boolean(), v.description('False when this voter had voted already (counted once).')),
  message: v.optional(v.string()),
});

/** `PATCH /feature-requests/:id`. */
export const FeatureRequestStatusAnswer = v.strictObject({
  id: v.string(),
  status: v.picklist(FEATURE_REQUEST_STATUSES),
});

/** What `POST /bug-reports` answers (`BugReportCreated`); `webhook` only for the read key and staff. */
export const BugReportCreatedAnswer = v.strictObject({
  id: v.string(),
  category: v.string(),
  webhook: v.optional(v.string()),
});

/** Where a report stands in triage (`BugReportTriage`): who set the status when, absent while it is the initial `open`. */
const Triage = {
  status: v.picklist(BUG_REPORT_STATUSES),
  statusChangedBy: v.optional(
    v.pipe(v.string(), v.description("Who set the status: the staff credential's fingerprint.")),
  ),
  statusChangedAt: v.optional(v.number()),
};

/** `PATCH /bug-reports/:id`: the report's new triage. */
export const BugReportTriageAnswer = v.strictObject({ id: v.string(), ...Triage });

/** `GET /bug-reports`: summaries, newest first. */
export const BugReportListAnswer = v.strictObject({
  reports: v.array(
    v.strictObject({
      id: v.string(),
      createdAt: v.number(),
      source: v.string(),
      severity: v.string(),
      category: v.string(),
      description: v.string(),
      pagePath: v.optional(v.string()),
      sessionId: v.optional(v.string()),
      userId: v.optional(v.string()),
      reporterId: v.optional(v.string()),
      ...Triage,
    }),
  ),
});

/** `GET /bug-reports/:id`: the report as sent, where routing sent it, and every webhook delivery attempt. */
export const BugReportAnswer = v.strictObject({
  report: v.strictObject({
    ...BugReportSchema.entries,
    id: v.string(),
    source: v.picklist(['widget', 'extension']),
    createdAt: v.number(),
    category: v.string(),
    webhook: v.optional(v.string()),
    rule: v.optional(v.pipe(v.string(), v.description('The routing rule that matched, by name.'))),
    reporterId: v.optional(
      v.pipe(
        v.string(),
        v.description("Who filed it from the extension: the id it sent, else the staff credential's."),
      ),
    ),
    ...Triage,
  }),
  deliveries: v.array(
    v.strictObject({
      reportId: v.string(),
      webhook: v.string(),
      attempt: Count,
      at: v.number(),
      ok: v.boolean(),
      status: v.optional(v.number()),
      error: v.optional(v.string()),
    }),
  ),
});

/** `GET|PUT /bug-reports/routing-rules`. */
export const RoutingRulesAnswer = v.strictObject({ rules: v.array(BugRoutingRuleSchema) });

/** `GET /replay/sessions`. */
export const ReplaySessionsAnswer = v.strictObject({
  sessions: v.array(v.strictObject({ sessionId: v.string(), firstAt: v.number(), lastAt: v.number(), chunks: Count })),
});

/** `GET /replay/sessions/:sessionId`: the session's recordings, reassembled, as rrweb events, up to the answer's limits. */
export const SessionReplayAnswer = v.strictObject({
  sessionId: v.string(),
  recordings: v.array(
    v.strictObject({
      replayId: v.string(),
      events: v.pipe(
        v.array(v.unknown()),
        v.description('rrweb events in recorded order; a player takes them as they are.'),
      ),
      startedAt: v.optional(v.number()),
      endedAt: v.optional(v.number()),
      chunks: Count,
      missingSeqs: v.array(Count),
      missingCount: Count,
      pendingChunks: Count,
      problems: v.array(v.string()),
      skippedEvents: Count,
    }),
  ),
  nextCursor: v.optional(
    v.pipe(v.string(), v.description('The answer stopped at its limits: pass this back as `cursor` for the rest.')),
  ),
});
