import * as v from 'valibot';
import {
  AssignmentsAnswer,
  AssignmentsBody,
  ConfigChangedAnswer,
  ExperimentResultsAnswer,
  FlagHistoryAnswer,
  FlagsConfigAnswer,
  FlagVersionAnswer,
  OverrideTokenAnswer,
  OverrideTokenBody,
  ReplaceConfigBody,
  RunningExperimentsAnswer,
  SetFlagBody,
} from '../../routes/flag-responses.ts';
import type { Operation } from '../operation.ts';
import { LimitParam, RangeParams, RepeatedParam, TextParam } from '../query-parameters.ts';
import { ENGINE_UNAVAILABLE, errorResponse } from '../standard-responses.ts';

const READERS = ['read', 'staff'] as const;
const CONFLICT = errorResponse('`baseVersion` is no longer the latest version: reload and make the change again.');
const CHANGED = { description: 'The new version.', schema: ConfigChangedAnswer };

/** Flag configuration, its history, admin changes, override tokens and experiments (docs/flags.md). */
export const FLAG_OPERATIONS: Operation[] = [
  {
    method: 'GET',
    path: '/api/flags/config',
    tag: 'Flags',
    summary: 'The flags config the widget evaluates',
    description:
      '`Cache-Control: no-cache` with an ETag: clients revalidate every time (a kill switch must win), and `If-None-Match` makes that a 304.',
    callers: ['write', 'read', 'staff'],
    responses: {
      200: { description: 'The config.', schema: FlagsConfigAnswer, headers: { ETag: 'The version of the config.' } },
      304: { description: 'Unchanged since the ETag in `If-None-Match`.', contentType: null },
    },
  },
  {
    method: 'GET',
    path: '/api/flags/history',
    tag: 'Flags',
    summary: 'Config versions, newest first, without their configs',
    callers: READERS,
    query: v.object({ limit: LimitParam(50) }),
    responses: {
      200: { description: 'The versions.', schema: FlagHistoryAnswer },
      400: errorResponse('A bad `limit`.'),
    },
  },
  {
    method: 'GET',
    path: '/api/flags/history/:version',
    tag: 'Flags',
    summary: 'One config version with its config',
    callers: READERS,
    params: { version: 'The version number (from 1).' },
    responses: {
      200: { description: 'The version.', schema: FlagVersionAnswer },
      400: errorResponse('`version` is not a positive integer.'),
      404: errorResponse('No such version.'),
    },
  },
  {
    method: 'PUT',
    path: '/api/flags/config',
    tag: 'Flags',
    summary: 'Replace the whole flags config',
    description:
      'Every admin change is validated, refused with 409 when `baseVersion` is not the current version, and recorded in the history with who made it (`actor`: a fingerprint of the staff token, never the token), `author`, `note` and when. Every server on the same database serves it at once.',
    callers: ['staff'],
    body: ReplaceConfigBody,
    responses: {
      200: CHANGED,
      400: errorResponse('Not a valid config (the message names the field).'),
      409: CONFLICT,
    },
  },
  {
    method: 'PUT',
    path: '/api/flags/definitions/:key',
    tag: 'Flags',
    summary: 'Create or change one flag',
    callers: ['staff'],
    params: { key: 'The flag key.' },
    body: SetFlagBody,
    responses: {
      200: CHANGED,
      400: errorResponse('Not a valid flag definition (the message names the field).'),
      409: CONFLICT,
    },
  },
  {
    method: 'DELETE',
    path: '/api/flags/definitions/:key',
    tag: 'Flags',
    summary: 'Delete one flag',
    callers: ['staff'],
    params: { key: 'The flag key.' },
    query: v.object({ author: TextParam('Who, for the history.'), note: TextParam('Why, for the history.') }),
    responses: {
      200: CHANGED,
      400: errorResponse('`author` or `note` over 500 characters.'),
      404: errorResponse('No flag with this key.'),
    },
  },
  {
    method: 'POST',
    path: '/api/flags/override-token',
    tag: 'Flags',
    summary: 'A signed token that lets staff force flags on one page',
    description:
      "Bound to one origin and the widget's anonymous id there, valid `ttlMinutes` (default 60); the widget verifies it with the config's public key.",
    callers: ['staff'],
    body: OverrideTokenBody,
    // Read as text (at most 4096 bytes), so a Content-Encoding is not looked at.
    omit: [415],
    responses: {
      200: { description: 'The token.', schema: OverrideTokenAnswer },
      400: errorResponse('A body that is not a JSON object, or a bad origin, anonymousId or ttlMinutes.'),
      413: errorResponse('The body is over 4096 bytes.'),
    },
  },
  {
    method: 'POST',
    path: '/api/experiments/assignments',
    tag: 'Experiments',
    summary: 'Evaluate flags and experiments for a user on the server',
    description: 'The same engine as the widget: the same user gets the same variations in both.',
    callers: ['write', 'read', 'staff'],
    body: AssignmentsBody,
    responses: {
      200: { description: "Every flag's value and why.", schema: AssignmentsAnswer },
      400: errorResponse('A body other than `{ attributes, flags?, stickyBucketDocs? }`.'),
    },
  },
  {
    method: 'GET',
    path: '/api/experiments/results',
    tag: 'Experiments',
    summary: 'Experiment results per metric and variation',
    description:
      'Users, conversions or mean, lifts with 95% CIs, p-values, SRM and an always-valid sequential p-value, with forced and overridden traffic excluded. `metric` repeats: `conversion:<event name>` or `mean:<property>:<event name>`.',
    callers: READERS,
    query: v.object({
      experiment: v.pipe(v.string(), v.description('The experiment key.')),
      metric: RepeatedParam('`conversion:<event>` or `mean:<property>:<event>`; repeat for more.'),
      ...RangeParams('the first event'),
    }),
    responses: {
      200: { description: 'The results.', schema: ExperimentResultsAnswer },
      400: errorResponse('`experiment` missing, or a bad metric or time.'),
      404: errorResponse('No such experiment in the current config (the message lists the known ones).'),
      503: ENGINE_UNAVAILABLE,
    },
  },
  {
    method: 'GET',
    path: '/api/experiments/running',
    tag: 'Experiments',
    summary: "Every running experiment's results, in one read",
    description:
      'The results of `GET /api/experiments/results` for each experiment rule that is running in the current config (its key, name, flag and variations beside them), all read at once. `metric` repeats as there.',
    callers: READERS,
    query: v.object({
      metric: RepeatedParam('`conversion:<event>` or `mean:<property>:<event>`; repeat for more.'),
      ...RangeParams('the first event'),
    }),
    responses: {
      200: {
        description: 'The running experiments, in config order, each with its results.',
        schema: RunningExperimentsAnswer,
      },
      400: errorResponse('A bad metric or time.'),
      503: ENGINE_UNAVAILABLE,
    },
  },
];
