import type { Breadcrumb, ErrorKind, ErrorProps } from '../../../shared/events.ts';
import { fingerprint } from '../../../shared/fingerprint.ts';
import type { Props } from '../../../shared/protocol.ts';
import { scrubText } from '../../../shared/scrub.ts';
import { parseStack } from '../../../shared/stack-parser.ts';
import { ERROR_KINDS, LIMITS } from '../../../shared/wire.ts';
import type { Client } from '../types.ts';
import { asText } from './as-text.ts';
import type { Breadcrumbs } from './breadcrumbs.ts';

/** Extra facts about one error, from the collector or from `captureError(error, context)`. */
export interface ErrorDetails {
  kind?: ErrorKind;
  handled?: boolean;
  /** Groups this error with others by these values instead of the computed fingerprint. */
  fingerprint?: string | string[];
  method?: string;
  url?: string;
  route?: string;
  status?: number;
  element?: string;
  context?: Props;
  /** The breadcrumbs as they were when the error happened, if it is reported later (default: the trail now). */
  breadcrumbs?: Breadcrumb[];
}

/** Options of the error pipeline. */
export interface ErrorReporterOptions {
  /** Identical errors (same fingerprint) within this many ms are folded into one with a count. Default 5000. */
  dedupWindow?: number;
  /** Most errors sent per session; the rest are dropped so an error storm cannot flood the outbox. Default 100. */
  maxErrorsPerSession?: number;
}

/** Turns thrown values into `error` events: parsed, fingerprinted, with breadcrumbs, deduplicated and capped. */
export interface ErrorReporter {
  report(error: unknown, details?: ErrorDetails): void;
  /** Resolves once every error reported so far has been captured (the lazy pipeline may still be loading). */
  settled?(): Promise<void>;
}

/** A widget frame on top means the failure is ours: never report it as the app's. */
const OWN_FRAME = /\/insights(?:\.js|\/[a-z-]+\.js)/;

/** Makes the error pipeline for `client`. */
export function createErrorReporter(
  client: Pick<Client, 'capture' | 'getSessionId'>,
  breadcrumbs: Breadcrumbs,
  options: ErrorReporterOptions = {},
  environment: { now: () => number; setTimeout: (run: () => void, ms: number) => unknown; sessionStorage?: Storage } = {
    now: Date.now,
    setTimeout: (run, ms) => setTimeout(run, ms),
    sessionStorage: safeSessionStorage(),
  },
): ErrorReporter {
  const window = options.dedupWindow ?? 5000;
  const allowed = sessionCap(
    options.maxErrorsPerSession ?? 100,
    () => client.getSessionId(),
    environment.sessionStorage,
  );
  const send = (props: ErrorProps) => {
    if (allowed()) client.capture({ type: 'error', name: props.type, props });
  };
  // Fingerprint → repeats seen since the first one was sent; the repeats go out as one event when the window closes.
  const open = new Map<string, { props: ErrorProps; repeats: number }>();
  return {
    report(error, details = {}) {
      let props: ErrorProps | undefined;
      // The value and the details are the page's: a thrown value whose message has no string form, or details a plain
      // JS caller got wrong, must not make `captureError` throw, nor reject the lazy pipeline's replay of the
      // errors that waited (an unhandled rejection, which the page's own error tools would report as its own).
      try {
        props = errorProps(error, details, breadcrumbs);
      } catch {
        return;
      }
      if (!props) return;
      const seen = open.get(props.fingerprint);
      if (seen) {
        seen.repeats++;
        seen.props = props;
        return;
      }
      open.set(props.fingerprint, { props, repeats: 0 });
      send(props);
      environment.setTimeout(() => {
        const closing = open.get(props.fingerprint);
        open.delete(props.fingerprint);
        if (closing?.repeats) send({ ...closing.props, count: closing.repeats });
      }, window);
    },
  };
}

/** The `error` event's props for a thrown value; undefined when the top frame is the widget's own. */
function errorProps(error: unknown, details: ErrorDetails, breadcrumbs: Breadcrumbs): ErrorProps | undefined {
  // Scrubbed before anything is parsed or grouped: a frame split at `@` and `:` can cut an email or a token in
  // two, so each stack line is scrubbed whole (and the message line never parsed). The fingerprint is of the
  // scrubbed message, so `… for [email]` groups across users too.
  const { type, message: raw, stack } = describe(error);
  const message = scrubText(raw);
  const frames = parseStack(stack, { header: raw ? `${type}: ${raw}` : type, clean: scrubText });
  if (frames[0]?.file && OWN_FRAME.test(frames[0].file)) return undefined;
  const props: ErrorProps = {
    // A plain JS caller's `captureError(error, { kind: 'fatal' })` is still an error, of the default kind.
    kind: isErrorKind(details.kind) ? details.kind : 'js',
    type,
    message,
    fingerprint: fingerprint({
      type,
      message: details.route ? `${message} ${details.route}` : message,
      frames,
      custom: details.fingerprint,
    }),
    count: 1,
    handled: details.handled ?? false,
    frames,
    breadcrumbs: details.breadcrumbs ?? breadcrumbs.list(),
  };
  for (const key of ['method', 'url', 'route', 'status', 'element', 'context'] as const)
    if (details[key] !== undefined) (props as Record<string, unknown>)[key] = details[key];
  return props;
}

/** Whether a kind is one the server takes (`ERROR_KINDS`), not a plain JS caller's own word for it. */
function isErrorKind(kind: unknown): kind is ErrorKind {
  return (ERROR_KINDS as readonly unknown[]).includes(kind);
}

/**
 * Whether one more error may be sent: at most `cap` per session, counted in sessionStorage so reloads share the
 * count, and at most `cap` per page where sessionStorage is unavailable.
 */
function sessionCap(cap: number, sessionId: () => string, storage: Storage | undefined): () => boolean {
  let pageCount = 0;
  return () => {
    const key = `crm-insights:errors:${sessionId()}`;
    let sent = 0;
    try {
      sent = Number(storage?.getItem(key) ?? 0) || 0;
      storage?.setItem(key, String(sent + 1));
    } catch {
      // Without sessionStorage the cap counts this page only.
    }
    return sent < cap && pageCount++ < cap;
  };
}

/** The type, message and stack of anything thrown: Errors, strings, objects, DOM exceptions. */
export function describe(error: unknown): { type: string; message: string; stack?: string } {
  if (error instanceof Error || (error && typeof error === 'object' && 'message' in error)) {
    const value = error as Error;
    return {
      // The name is the event's name: a string within the wire's name length, whatever the page set.
      type: ((typeof value.name === 'string' && value.name) || 'Error').slice(0, LIMITS.nameLength),
      message: String(value.message).slice(0, 2000),
      stack: typeof value.stack === 'string' ? value.stack : undefined,
    };
  }
  return { type: 'Error', message: asText(error).slice(0, 2000) };
}

function safeSessionStorage(): Storage | undefined {
  try {
    return sessionStorage;
  } catch {
    return undefined;
  }
}
