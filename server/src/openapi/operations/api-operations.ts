import type { Operation } from '../operation.ts';
import { ACCESS_OPERATIONS } from './access-operations.ts';
import { ANALYTICS_OPERATIONS } from './analytics-operations.ts';
import { FEEDBACK_OPERATIONS } from './feedback-operations.ts';
import { FLAG_OPERATIONS } from './flag-operations.ts';
import { INGEST_OPERATIONS } from './ingest-operations.ts';
import { OPERATIONS_OPERATIONS } from './operations-operations.ts';

/** The groups of the document, in order, with what each holds. */
export const API_TAGS: readonly (readonly [string, string])[] = [
  ['Ingest', 'What the widget sends, with the public write key.'],
  ['Events', 'Reading events back.'],
  ['Analytics', 'Aggregations over the analytics engine (docs/analytics.md).'],
  ['Errors', 'Error groups, their status and impact, and source maps.'],
  ['Feedback', 'NPS, feedback and feature requests (docs/feedback.md).'],
  ['Bug reports', 'Bug reports and their routing.'],
  ['Replay', 'Masked session replay (docs/replay.md).'],
  ['Flags', 'Flag configuration, history and override tokens (docs/flags.md).'],
  ['Experiments', 'Server-side assignments and results.'],
  ['Alerts', 'Alert rules, incidents and notifications (docs/operations.md).'],
  ['Operations', 'Health, metrics, scaling, capacity and load tests (docs/operations.md).'],
  ['Access', 'Dashboard sign-in, extension pairing and this document.'],
];

/** Every route of the app, as the OpenAPI document lists it. A test fails when a route is missing here. */
export const API_OPERATIONS: readonly Operation[] = [
  ...INGEST_OPERATIONS,
  ...ANALYTICS_OPERATIONS,
  ...FEEDBACK_OPERATIONS,
  ...FLAG_OPERATIONS,
  ...OPERATIONS_OPERATIONS,
  ...ACCESS_OPERATIONS,
];
