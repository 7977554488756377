import * as v from 'valibot';
import { describeIssues } from './protocol.ts';
import type { ReplayChunkProps } from './protocol.ts';
import { ERROR_KINDS, MAX_STACK_POSITION } from './wire.ts';
import type { EventType, Props } from './wire.ts';

/**
 * The props of the events the widget's capture produces (`vital`, `error`, `api`, `resource`, `page`, `identify`,
 * and revenue, which is a `track` event named `Revenue`). The widget builds them, the server reads them to build
 * vitals p75 and error groups; the envelope around them is `EventSchema` in `protocol.ts`.
 */

const Short = v.pipe(v.string(), v.maxLength(200));
const Long = v.pipe(v.string(), v.maxLength(8 * 1024));
/** Largest duration, size or metric value taken: about 11.5 days in ms, far above any real one. */
const MAX_MEASURE = 1e9;
const Milliseconds = v.pipe(v.number(), v.minValue(0), v.maxValue(MAX_MEASURE, `must be at most ${MAX_MEASURE}`));
const Bytes = v.pipe(v.number(), v.minValue(0), v.maxValue(1e13, 'must be at most 1e13 bytes'));
const Position = v.optional(
  v.pipe(
    v.number(),
    v.integer(),
    v.minValue(0),
    v.maxValue(MAX_STACK_POSITION, `must be at most ${MAX_STACK_POSITION}`),
  ),
);
const HttpStatus = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999, 'must be an HTTP status (0–999)'));
const Json = v.record(v.string(), v.unknown());

/** The Core Web Vitals (and the two diagnostics) the widget reports. INP replaced FID in March 2024. */
const VITAL_NAMES = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export type VitalName = (typeof VITAL_NAMES)[number];
const RATINGS = ['good', 'needs-improvement', 'poor'] as const;

/**
 * A `vital` event (`name` is the metric). A metric is reported again as its value changes with the same `id`
 * (web-vitals' metric id): the server keeps the last value per id.
 */
export const VitalPropsSchema = v.object({
  id: Short,
  value: Milliseconds,
  delta: v.optional(v.pipe(v.number(), v.minValue(-MAX_MEASURE), v.maxValue(MAX_MEASURE))),
  rating: v.picklist(RATINGS),
  navigationType: v.optional(Short),
  /** LCP: `element`, `url`; INP: `target`, `type`, `script`, `loafDuration`; CLS: `source`, `largestShiftValue`. */
  attribution: v.optional(Json),
});
export type VitalProps = v.InferOutput<typeof VitalPropsSchema>;

/** What caused an error (`ERROR_KINDS` in wire.ts, so the widget can check a caller's kind without valibot). */
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** One parsed stack frame; `inApp` is false for the widget's own, extension and vendor frames. */
const StackFrameSchema = v.object({
  function: v.optional(Short),
  file: v.optional(Long),
  line: Position,
  column: Position,
  inApp: v.boolean(),
});
export type StackFrame = v.InferOutput<typeof StackFrameSchema>;

/** A breadcrumb: what happened before an error. */
const BreadcrumbSchema = v.object({
  ts: v.pipe(v.number(), v.minValue(0), v.maxValue(Date.UTC(2100, 0, 1), 'must be a time before 2100')),
  category: v.picklist(['click', 'navigation', 'request', 'console']),
  message: Long,
  data: v.optional(Json),
});
export type Breadcrumb = v.InferOutput<typeof BreadcrumbSchema>;

/**
 * An `error` event (`name` is the error type, e.g. `TypeError`). `fingerprint` groups the same bug; `count` is
 * how many identical errors the widget folded into this one within its dedup window.
 */
export const ErrorPropsSchema = v.object({
  kind: v.picklist(ERROR_KINDS),
  type: Short,
  message: Long,
  fingerprint: Short,
  count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000, 'must be at most 1000000')),
  handled: v.boolean(),
  frames: v.pipe(v.array(StackFrameSchema), v.maxLength(200, 'at most 200 frames')),
  breadcrumbs: v.pipe(v.array(BreadcrumbSchema), v.maxLength(200, 'at most 200 breadcrumbs')),
  /** Active flag values and experiment variants when the error happened. */
  flags: v.optional(Json),
  /** For network/api errors: the request. */
  method: v.optional(Short),
  url: v.optional(Long),
  route: v.optional(Long),
  status: v.optional(HttpStatus),
  /** For resource errors: the element (`script`, `img`, `link`). */
  element: v.optional(Short),
  /** Whatever the caller passed to `captureError(error, context)`. */
  context: v.optional(Json),
});
export type ErrorProps = v.InferOutput<typeof ErrorPropsSchema>;

/** An `api` event (`name` is `METHOD /route/:id`): one fetch/XHR to a configured API origin. */
export const ApiPropsSchema = v.object({
  method: Short,
  origin: Short,
  route: Long,
  status: HttpStatus,
  duration: Milliseconds,
  size: v.optional(Bytes),
  transport: v.picklist(['fetch', 'xhr']),
});
export type ApiProps = v.InferOutput<typeof ApiPropsSchema>;

/** A `resource` event named `navigation`: the page load's navigation timing, in ms from the navigation start. */
const NavigationTimingPropsSchema = v.object({
  dns: Milliseconds,
  connect: Milliseconds,
  ttfb: Milliseconds,
  response: Milliseconds,
  domInteractive: Milliseconds,
  domContentLoaded: Milliseconds,
  load: Milliseconds,
  transferSize: v.optional(Bytes),
  type: Short,
});
/** A `resource` event named `long-animation-frame`: a frame over 50 ms and the script that spent most of it. */
const LongAnimationFramePropsSchema = v.object({
  duration: Milliseconds,
  blockingDuration: Milliseconds,
  script: v.optional(Long),
  invoker: v.optional(Short),
  /** The longest script's own run time (`PerformanceScriptTiming.duration`), a part of the frame's `duration`. */
  scriptDuration: v.optional(Milliseconds),
});
/** A `resource` event named `timing`: a custom User Timing measure (see shared/timing.ts), in ms. */
export const TimingPropsSchema = v.object({
  label: Short,
  duration: Milliseconds,
  start: Milliseconds,
  kind: v.picklist(['render', 'interaction', 'custom']),
});
/** A `resource` event named `memory`: the JS heap where the browser exposes it (Chromium). */
const MemoryPropsSchema = v.object({ usedJSHeapSize: Bytes, totalJSHeapSize: Bytes, jsHeapSizeLimit: Bytes });

/** How a page view came about: the first load or an SPA route change. */
const PAGE_VIEW_CAUSES = ['load', 'push', 'replace', 'pop', 'navigate', 'manual'] as const;
/** A `page` event: a page view, including SPA route changes, with referrer and UTM parameters. */
const PagePropsSchema = v.object({
  cause: v.picklist(PAGE_VIEW_CAUSES),
  route: Long,
  referrer: v.optional(Long),
  utm: v.optional(v.record(v.string(), Short)),
});
export type PageProps = v.InferOutput<typeof PagePropsSchema>;

/** An `identify` event: links the anonymous id to `userId` (on the envelope) with the user's traits. */
const IdentifyPropsSchema = v.object({ traits: Json });

/** Revenue is a `track` event with this name, so funnels can end on it. */
export const REVENUE_EVENT = 'Revenue';
/** Device and browser context the widget puts in every event's `context.device` (parsed on the server if needed). */
export const DeviceContextSchema = v.object({
  userAgent: Long,
  viewport: Short,
  screen: Short,
  locale: Short,
  /** Minutes east of UTC (120 for CEST, -300 for EST) when the event was captured. */
  utcOffset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(-840), v.maxValue(840))),
  /** The IANA time zone, when an app adds it (the widget sends the offset: see widget/src/capture/device.ts). */
  timeZone: v.optional(Short),
  mobile: v.optional(v.boolean()),
});
export type DeviceContext = v.InferOutput<typeof DeviceContextSchema>;

type NavigationTimingProps = v.InferOutput<typeof NavigationTimingPropsSchema>;
export type LongAnimationFrameProps = v.InferOutput<typeof LongAnimationFramePropsSchema>;
type TimingProps = v.InferOutput<typeof TimingPropsSchema>;
type MemoryProps = v.InferOutput<typeof MemoryPropsSchema>;
type IdentifyProps = v.InferOutput<typeof IdentifyPropsSchema>;

/** An `exposure` event (`name` is the experiment key): which variation decided a value the app read. */
type ExposureProps = {
  experiment: string;
  variation: string;
  forced: boolean;
  hashAttribute: string;
  hashValue: string;
};
/** An `nps` event: a score from 0 to 10 with an optional comment, or a dismissed survey. */
type NpsProps = { surveyId: string; score?: number; comment?: string; dismissed?: boolean };
/** A `feedback` event: free text, with the prompt that asked for it. */
type FeedbackProps = { text: string; prompt?: string };
/** A `client_report` event named `dropped`: `{ dropped: { <reason>: <count> } }`, what the outbox shed undelivered. */
type DropReportProps = Props;

/**
 * Every event the widget captures, each type with its props: what `client.capture` takes, what the outbox keeps
 * (with the envelope of `EventSchema` in protocol.ts around it) and what the extension's Live tab reads. Type-only:
 * importing it costs the widget nothing (the schemas above are for the server).
 */
export type CapturedEvent =
  | { type: 'track'; name: string; props?: Props }
  | { type: 'page'; name?: undefined; props: PageProps }
  | { type: 'identify'; name?: undefined; userId: string; props: IdentifyProps }
  | { type: 'vital'; name: VitalName; props: VitalProps }
  | { type: 'error'; name: string; props: ErrorProps }
  | { type: 'api'; name: string; props: ApiProps }
  | { type: 'resource'; name: 'navigation'; props: NavigationTimingProps }
  | { type: 'resource'; name: 'long-animation-frame'; props: LongAnimationFrameProps }
  | { type: 'resource'; name: 'timing'; props: TimingProps }
  | { type: 'resource'; name: 'memory'; props: MemoryProps }
  | { type: 'replay'; name: string; props: ReplayChunkProps; data: string }
  | { type: 'exposure'; name: string; props: ExposureProps }
  | { type: 'nps'; name?: undefined; props: NpsProps }
  | { type: 'feedback'; name?: undefined; props: FeedbackProps }
  | { type: 'feature_request'; name?: string; props: Props }
  | { type: 'bug_report'; name?: string; props: Props }
  | { type: 'client_report'; name: 'dropped'; props: DropReportProps };

/** The props of events of one type (of one name, for `resource` events). */
export type PropsOf<T extends EventType, N extends string = string> = Extract<
  CapturedEvent,
  { type: T; name?: N | undefined }
>['props'];

/**
 * The schema of each event type whose props the server reads typed: ingest refuses an event of these types whose props
 * do not match (`propsProblem`), and reads check them again (`isEventOf`) for what was stored before ingest did.
 */
const PROPS_SCHEMAS = {
  vital: VitalPropsSchema,
  error: ErrorPropsSchema,
  api: ApiPropsSchema,
  page: PagePropsSchema,
  identify: IdentifyPropsSchema,
} as const;
type TypedEventType = keyof typeof PROPS_SCHEMAS;

/** Whether events of `type` have a props schema (own keys only: `toString` is no event type). */
function hasPropsSchema(type: string): type is TypedEventType {
  return Object.hasOwn(PROPS_SCHEMAS, type);
}

/**
 * What is wrong with an event's props for its type, in words (`props.frames.0.line: must be at most 10000000`), or
 * undefined when they match or its type has no props schema.
 */
export function propsProblem(event: { type: string; props?: unknown }): string | undefined {
  if (!hasPropsSchema(event.type)) return undefined;
  const result = v.safeParse(PROPS_SCHEMAS[event.type], event.props ?? {});
  return result.success ? undefined : result.issues.map((issue) => `props.${describeIssues([issue])}`).join('; ');
}

/**
 * Whether a stored or received event is of `type` with props as the union says, narrowing its props; the props
 * object itself is not copied. Checked, not assumed: events stored before ingest checked props are still read.
 */
export function isEventOf<T extends TypedEventType, E extends { type: string; props?: unknown }>(
  event: E,
  type: T,
): event is E & { type: T; props: PropsOf<T> } {
  return event.type === type && v.is(PROPS_SCHEMAS[type], event.props);
}
