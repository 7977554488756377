import type { CaptureErrorContext } from '../capture/api.ts';
import type { ClientState, Framework } from './framework.ts';

/** What an `ErrorBoundary` renders instead of its children after one threw: the error and how to try again. */
interface FallbackProps {
  error: unknown;
  reset(): void;
}

/** An `ErrorBoundary`'s state: `failed` and not just `error`, since code may throw `undefined`. */
export interface BoundaryState {
  failed: boolean;
  error: unknown;
}

/** An `ErrorBoundary`'s props: what to render after a throw, and a callback with the component stack. */
interface BoundaryProps {
  fallback?: unknown | ((props: FallbackProps) => unknown);
  onError?: (error: unknown, componentStack: string | undefined) => void;
  children?: unknown;
}

/**
 * `ErrorBoundary` (catches a render error in its subtree, reports it with the component stack, renders `fallback`
 * with a `reset`) and `useErrorTracking()` (`captureError` for errors an app handles itself).
 */
export function createErrorBindings(framework: Framework, Context: unknown, useClientState: () => ClientState) {
  const Base = framework.Component as new (
    props: unknown,
  ) => { props: BoundaryProps; state: BoundaryState; setState(state: BoundaryState): void };
  class ErrorBoundary extends Base {
    static contextType = Context;
    static getDerivedStateFromError(error: unknown): BoundaryState {
      return { failed: true, error };
    }
    declare context: ClientState;
    override state: BoundaryState = { failed: false, error: undefined };
    componentDidCatch(error: unknown, info?: { componentStack?: string | null }) {
      const componentStack = info?.componentStack ?? undefined;
      const context: CaptureErrorContext = {
        kind: 'js',
        ...(componentStack ? { componentStack: componentStack.slice(0, 4000) } : {}),
      };
      this.context?.client?.captureError?.(error, context);
      this.props.onError?.(error, componentStack);
    }
    render() {
      if (!this.state.failed) return this.props.children;
      const { fallback = null } = this.props;
      const reset = () => this.setState({ failed: false, error: undefined });
      return typeof fallback === 'function'
        ? (fallback as (props: FallbackProps) => unknown)({ error: this.state.error, reset })
        : fallback;
    }
  }
  const useErrorTracking = () => {
    const { client } = useClientState();
    return { captureError: (error: unknown, context?: CaptureErrorContext) => client?.captureError?.(error, context) };
  };
  return { ErrorBoundary, useErrorTracking };
}
