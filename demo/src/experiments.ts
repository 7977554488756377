import { reactBindings } from '../../widget/src/bindings/react.ts';

/** The widget's React bindings, bound to `window.crmInsights` (the script tag) once it has loaded. */
export const { ExperimentProvider, FeatureGate, useABTest } = reactBindings;
