import type { ComponentChildren } from 'preact';
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
  const shown = state.status === 'ok' ? (isEmpty?.(state.data) ? 'empty' : 'ready') : state.status;
  return (
    <section
      class={wide ? 'panel wide' : 'panel'}
      aria-label={title}
      aria-busy={state.status === 'loading'}
      data-state={shown}
    >
      <header class="panel-head">
        <h2>{title}</h2>
        {actions}
      </header>
      <PanelBody state={state} isEmpty={isEmpty} empty={empty} render={children} />
    </section>
  );
}

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
