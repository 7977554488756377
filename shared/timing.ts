/**
 * Custom timings travel as User Timing measures (https://w3c.github.io/user-timing/) named with this prefix: the
 * React and Preact bindings make them, an app may too (`performance.measure('crm-insights:Checkout', …)`), and the
 * widget reports each as a `resource` event named `timing`.
 */
export const TIMING_PREFIX = 'crm-insights:';

/** What a timing measured: a component's render, a user interaction, or anything else the app chose. */
export type TimingKind = 'render' | 'interaction' | 'custom';
