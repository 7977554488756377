import type { ComponentChildren } from 'preact';
import { useErrorBoundary, useRef, useState } from 'preact/hooks';
import type { ApiState } from '../use-api.ts';

interface PanelProps<T> {
  title: string;
  state: ApiState<T>;
  /** True when the answer holds nothing to show. */
  isEmpty?: (data: T) => boolean;
  /** What to do to get data here, shown when the answer is empty. */
  empty?: string;
  children: (data: T) => ComponentChildren;
  wide?: boolean;
  actions?: ComponentChildren;
}

/**
 * A titled card that shows its read's loading, error (the API's own message) and empty states, or the content.
 * `data-state` (loading, error, empty, ready) tells tests and the bench when the panel is drawn.
 */
export function Panel<T>({ title, state, isEmpty, empty, children, wide, actions }: PanelProps<T>) {
  // Each new answer (a refresh, another range) is drawn afresh, so a panel that failed on one gets a new try.
  const answers = useRef({ state, count: 0 });
  if (answers.current.state !== state) answers.current = { state, count: answers.current.count + 1 };
  const answer = answers.current.count;
  const [failedAnswer, setFailedAnswer] = useState<number>();
  const drawn = state.status === 'ok' ? (isEmpty?.(state.data) ? 'empty' : 'ready') : state.status;
  return (
    <section
      class={wide ? 'panel wide' : 'panel'}
      aria-label={title}
      aria-busy={state.status === 'loading'}
      data-state={failedAnswer === answer ? 'error' : drawn}
    >
      <header class="panel-head">
        <h2>{title}</h2>
        {actions}
      </header>
      <DrawGuard key={answer} what="panel" onFailure={() => setFailedAnswer(answer)}>
        <PanelBody state={state} isEmpty={isEmpty} empty={empty} render={children} />
      </DrawGuard>
    </section>
  );
}

/**
 * Draws `children`, or a note when drawing them throws. Stored data comes from the public key: a shape no panel
 * expected must cost that panel (or page), not blank the dashboard.
 */
export function DrawGuard({
  what,
  onFailure,
  children,
}: {
  what: string;
  onFailure?: () => void;
  children: ComponentChildren;
}) {
  const [failure] = useErrorBoundary((error: unknown) => {
    console.error(`[crm-insights] a ${what} failed`, error);
    onFailure?.();
  });
  return failure ? (
    <ErrorNote status={0} message={`This ${what} could not be drawn: ${messageOf(failure)}`} />
  ) : (
    children
  );
}

/** What a thrown value says, for a note. */
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function PanelBody<T>({
  state,
  isEmpty,
  empty,
  render,
}: {
  state: ApiState<T>;
  isEmpty?: (data: T) => boolean;
  empty?: string;
  render: (data: T) => ComponentChildren;
}) {
  if (state.status === 'loading')
    return (
      <p class="state loading" role="status">
        Loading…
      </p>
    );
  if (state.status === 'error') return <ErrorNote status={state.error.status} message={state.error.message} />;
  if (isEmpty?.(state.data)) return <p class="state empty">{empty ?? 'Nothing in this range yet.'}</p>;
  return <>{render(state.data)}</>;
}

/** The API's refusal as the reader should see it; a 404 route says this panel waits for a server that has it. */
export function ErrorNote({ status, message }: { status: number; message: string }) {
  return (
    <div class="state error" role="alert">
      <p>{message}</p>
      {status === 404 && message.startsWith('no route') ? (
        <p class="muted">This server does not have that read yet; the panel fills in once it does.</p>
      ) : null}
      {status === 401 ? (
        <p>
          <a href="/dashboard/">Sign in again</a>
        </p>
      ) : null}
    </div>
  );
}
