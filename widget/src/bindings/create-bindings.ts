import { createAnalyticsBindings } from './analytics-bindings.ts';
import { createClientContext } from './client-context.ts';
import type { ProviderProps } from './client-context.ts';
import { createErrorBindings } from './error-bindings.ts';
import { createFeedbackBindings } from './feedback-bindings.ts';
import { createFlagBindings } from './flag-bindings.ts';
import type { Framework } from './framework.ts';
import { subscribeVitals } from './live-vitals.ts';
import type { LiveVitals } from './live-vitals.ts';

export type { BindableClient, Framework } from './framework.ts';
export type { ProviderProps } from './client-context.ts';

/**
 * Makes the React or Preact bindings from that framework's own hooks, so one implementation serves both and the
 * npm entry imports neither. `target` is read only inside effects (never at import or render), so server
 * rendering works; pass a function for a window other than the global one.
 */
export function createBindings<Node = unknown>(
  framework: Framework,
  target: () => Window | undefined = () => (typeof window === 'undefined' ? undefined : window),
) {
  const { Context, Provider, useClientState } = createClientContext(framework, target);
  const flags = createFlagBindings(useClientState);
  const analytics = createAnalyticsBindings(framework, useClientState);
  const errors = createErrorBindings(framework, Context, useClientState);
  const feedback = createFeedbackBindings(framework, useClientState);
  /** The page's vitals as they change (LCP, FCP, TTFB, CLS, INP with their ratings); empty on the server. */
  const useWebVitals = (): LiveVitals => {
    const [vitals, setVitals] = framework.useState({});
    framework.useEffect(() => subscribeVitals(setVitals), []);
    return vitals as LiveVitals;
  };
  const typed = <Props>(component: unknown) => component as (props: Props) => Node;
  return {
    AnalyticsProvider: typed<ProviderProps>(Provider),
    ExperimentProvider: typed<ProviderProps>(Provider),
    ErrorTrackingProvider: typed<ProviderProps>(Provider),
    ...flags,
    FeatureGate: typed<Parameters<typeof flags.FeatureGate>[0]>(flags.FeatureGate),
    ABTestVariant: typed<Parameters<typeof flags.ABTestVariant>[0]>(flags.ABTestVariant),
    ...analytics,
    useErrorTracking: errors.useErrorTracking,
    ErrorBoundary: errors.ErrorBoundary as unknown as (props: {
      fallback?: unknown;
      onError?: (error: unknown, componentStack: string | undefined) => void;
      children?: unknown;
    }) => Node,
    useWebVitals,
    FeedbackWidget: typed<Parameters<typeof feedback.FeedbackWidget>[0]>(feedback.FeedbackWidget),
    FeatureRequestForm: typed<Parameters<typeof feedback.FeatureRequestForm>[0]>(feedback.FeatureRequestForm),
    NPSSurvey: typed<Parameters<typeof feedback.NPSSurvey>[0]>(feedback.NPSSurvey),
  };
}

/** Every binding `createBindings` makes, for React (`Node` = ReactNode) or Preact (`ComponentChildren`). */
type Bindings<Node = unknown> = ReturnType<typeof createBindings<Node>>;
/** The earlier name of `Bindings`. */
export type ExperimentBindings<Node = unknown> = Bindings<Node>;
