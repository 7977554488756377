import * as v from 'valibot';
import {
  BUG_REPORT_MAX_BYTES,
  BUG_REPORT_PUBLIC_MAX_BYTES,
  BUG_REPORT_STATUSES,
  BugReportSchema,
  BugReportStatusChangeSchema,
  BugRoutingRulesSchema,
  FeatureRequestSchema,
  FeatureVoteSchema,
  FeedbackSchema,
  NpsResponseSchema,
} from '../../../../shared/protocol.ts';
import { FEATURE_REQUEST_STATUSES } from '../../feedback/feedback-repository.ts';
import {
  BugReportAnswer,
  BugReportCreatedAnswer,
  BugReportListAnswer,
  BugReportTriageAnswer,
  FeatureRequestStatusAnswer,
  FeatureRequestsAnswer,
  FeedbackListAnswer,
  NpsAnswer,
  ReplaySessionsAnswer,
  RoutingRulesAnswer,
  SessionReplayAnswer,
  SubmissionAnswer,
  VoteAnswer,
} from '../../routes/feedback-responses.ts';
import { REPLAY_ANSWER_LIMITS } from '../../replay/session-replay.ts';
import type { Operation } from '../operation.ts';
import { ChoiceParam, IntegerParam, LimitParam, RangeParams, TextParam, TimeParam } from '../query-parameters.ts';
import { ENGINE_UNAVAILABLE, errorResponse } from '../standard-responses.ts';

const READERS = ['read', 'staff'] as const;
const MIB = 1024 * 1024;
const QUOTA = errorResponse("The write key's daily storage quota for this kind of submission is used up.", {
  'Retry-After': 'Seconds until the quota resets.',
});
const STORED = (what: string) => ({
  200: {
    description: `${what} with this id was stored before (a retried send): stored once.`,
    schema: SubmissionAnswer,
  },
  201: { description: 'Stored.', schema: SubmissionAnswer },
});

/** Surveys, feedback, feature requests, bug reports and replay (docs/feedback.md, docs/replay.md). */
export const FEEDBACK_OPERATIONS: Operation[] = [
  {
    method: 'POST',
    path: '/api/feedback/nps',
    tag: 'Feedback',
    summary: 'Store one NPS answer',
    description: "Stored as an `nps` event, the same shape the widget's outbox sends.",
    callers: ['write'],
    body: NpsResponseSchema,
    responses: { ...STORED('An answer'), 429: QUOTA },
  },
  {
    method: 'GET',
    path: '/api/feedback/nps',
    tag: 'Feedback',
    summary: 'NPS score, weekly trend and the latest comments with their sentiment',
    description: 'Over answers from both paths (this route and the widget).',
    callers: READERS,
    query: v.object({ surveyId: TextParam('One survey.'), ...RangeParams('the first event') }),
    responses: {
      200: { description: 'The score.', schema: NpsAnswer },
      400: errorResponse('A bad time.'),
      503: ENGINE_UNAVAILABLE,
    },
  },
  {
    method: 'POST',
    path: '/api/feedback',
    tag: 'Feedback',
    summary: 'Store free-text feedback',
    callers: ['write'],
    body: FeedbackSchema,
    responses: { ...STORED('Feedback'), 429: QUOTA },
  },
  {
    method: 'GET',
    path: '/api/feedback',
    tag: 'Feedback',
    summary: 'Feedback, newest first, with sentiment',
    description: 'Text is returned exactly as written: it is data, and every reader must render it as text.',
    callers: READERS,
    query: v.object({
      ...RangeParams('the first event'),
      limit: LimitParam(),
      cursor: TextParam('`nextCursor` of the previous page.'),
    }),
    responses: {
      200: { description: 'A page of feedback.', schema: FeedbackListAnswer },
      400: errorResponse('A bad time, limit or cursor.'),
    },
  },
  {
    method: 'GET',
    path: '/api/feature-requests',
    tag: 'Feedback',
    summary: 'Feature requests ranked by votes',
    description: 'One vote per voter: the user id, else the anonymous id.',
    callers: ['write', 'read', 'staff'],
    query: v.object({
      voterId: TextParam('Marks what this voter (user id, else anonymous id) voted for.'),
      limit: IntegerParam('How many', 20, 1, 100),
    }),
    responses: {
      200: { description: 'The requests.', schema: FeatureRequestsAnswer },
      400: errorResponse('A bad `limit`.'),
    },
  },
  {
    method: 'POST',
    path: '/api/feature-requests',
    tag: 'Feedback',
    summary: "Add a feature request (its author's vote counts)",
    callers: ['write'],
    body: FeatureRequestSchema,
    responses: { ...STORED('A request'), 429: QUOTA },
  },
  {
    method: 'POST',
    path: '/api/feature-requests/:id/votes',
    tag: 'Feedback',
    summary: 'Vote for a feature request, once per voter',
    callers: ['write'],
    params: { id: 'The feature request.' },
    body: FeatureVoteSchema,
    responses: {
      200: { description: 'Voted (or had voted: counted once).', schema: VoteAnswer },
      404: errorResponse('No feature request with this id.'),
    },
  },
  {
    method: 'PATCH',
    path: '/api/feature-requests/:id',
    tag: 'Feedback',
    summary: "Set a feature request's status",
    callers: ['staff'],
    params: { id: 'The feature request.' },
    body: v.object({ status: v.picklist(FEATURE_REQUEST_STATUSES) }),
    responses: {
      200: { description: 'The new status.', schema: FeatureRequestStatusAnswer },
      404: errorResponse('No feature request with this id.'),
    },
  },
  {
    method: 'POST',
    path: '/api/bug-reports',
    tag: 'Bug reports',
    summary: 'File a bug report',
    description: `From the widget (write key, up to ${BUG_REPORT_PUBLIC_MAX_BYTES} bytes, always \`source: widget\`) or the extension (read key or staff, up to ${BUG_REPORT_MAX_BYTES} bytes with screenshot and replay). The report is routed by the saved rules and its summary delivered to the rule's webhook in the background, retried and logged. Only the read key and staff see where it went (\`webhook\`).`,
    callers: ['write', 'read', 'staff'],
    body: BugReportSchema,
    responses: {
      200: { description: 'A report with this id was stored before (a retried send).', schema: BugReportCreatedAnswer },
      201: { description: 'Stored and routed.', schema: BugReportCreatedAnswer },
      413: errorResponse('The body, the replay or the logs together are over their limits (the message says which).'),
      429: QUOTA,
    },
  },
  {
    method: 'GET',
    path: '/api/bug-reports',
    tag: 'Bug reports',
    summary: 'Bug reports, newest first, without attachments',
    description: 'Each with its triage status; `reporter` lists one reporter\'s ("My reports" in the extension).',
    callers: READERS,
    query: v.object({
      limit: IntegerParam('Page size', 50, 1, 500),
      before: TimeParam('Only reports made before'),
      reporter: TextParam('Only the reports of this reporter id.', 200),
      status: ChoiceParam(BUG_REPORT_STATUSES, 'Only the reports in this triage status.'),
    }),
    responses: {
      200: { description: 'Summaries.', schema: BugReportListAnswer },
      400: errorResponse('A bad limit, time, reporter or status.'),
    },
  },
  {
    method: 'GET',
    path: '/api/bug-reports/routing-rules',
    tag: 'Bug reports',
    summary: 'The routing rules',
    callers: READERS,
    responses: { 200: { description: 'The rules, first match wins.', schema: RoutingRulesAnswer } },
  },
  {
    method: 'PUT',
    path: '/api/bug-reports/routing-rules',
    tag: 'Bug reports',
    summary: 'Replace the routing rules',
    description:
      'Every condition of a rule must match; the first matching rule picks category and webhook. Webhooks to internal addresses are refused unless `INSIGHTS_OUTBOUND_ALLOW` lists them.',
    callers: READERS,
    body: BugRoutingRulesSchema,
    responses: {
      200: { description: 'The rules as saved.', schema: RoutingRulesAnswer },
      400: errorResponse('An invalid rule, or a webhook to an internal address.'),
    },
  },
  {
    method: 'GET',
    path: '/api/bug-reports/:id',
    tag: 'Bug reports',
    summary: 'One bug report with its webhook deliveries',
    callers: READERS,
    params: { id: 'The report.' },
    responses: {
      200: { description: 'The report.', schema: BugReportAnswer },
      404: errorResponse('No bug report with this id.'),
    },
  },
  {
    method: 'PATCH',
    path: '/api/bug-reports/:id',
    tag: 'Bug reports',
    summary: "Set a bug report's triage status",
    description:
      'Records who set it (the staff credential) and when. Statuses: `open` (new), `triaged`, `in-progress`, `resolved`, `closed` (not acted on); any may follow any.',
    callers: ['staff'],
    params: { id: 'The report.' },
    body: BugReportStatusChangeSchema,
    responses: {
      200: { description: 'The new triage.', schema: BugReportTriageAnswer },
      400: errorResponse('A status that is not one of the five.'),
      404: errorResponse('No bug report with this id.'),
    },
  },
  {
    method: 'GET',
    path: '/api/replay/sessions',
    tag: 'Replay',
    summary: 'Sessions with replay, most recent first',
    callers: READERS,
    query: v.object({ limit: LimitParam(50, 200) }),
    responses: {
      200: { description: 'The sessions.', schema: ReplaySessionsAnswer },
      400: errorResponse('A bad `limit`.'),
    },
  },
  {
    method: 'GET',
    path: '/api/replay/sessions/:sessionId',
    tag: 'Replay',
    summary: "A session's recordings, reassembled, as rrweb events",
    description: `One answer holds at most ${REPLAY_ANSWER_LIMITS.decodedChars / MIB} MiB of decoded recording and reads at most ${REPLAY_ANSWER_LIMITS.chunks} chunks (${REPLAY_ANSWER_LIMITS.storedChars / MIB} MiB of their data); a longer session's answer ends with \`nextCursor\`: pass it back as \`cursor\` for the rest, which starts again at the last full snapshot read, so playback goes on without a hole.`,
    callers: READERS,
    params: { sessionId: "The widget's session id (a UUID)." },
    query: v.object({ cursor: TextParam('`nextCursor` of the previous answer.') }),
    responses: {
      200: { description: 'The recordings.', schema: SessionReplayAnswer },
      400: errorResponse('`sessionId` is not a UUID, or a bad cursor.'),
      404: errorResponse('No replay stored for this session.'),
    },
  },
];
