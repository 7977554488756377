import { installStub } from '../../widget/src/stub.ts';

/** The slice of `window.crmInsights` the demo uses. */
interface Insights {
  track(name: string, props?: Record<string, unknown>): void;
  identify(userId: string, traits?: Record<string, unknown>): void;
  reset(): void;
  revenue(amount: number, currency: string, props?: Record<string, unknown>): void;
  captureError(error: unknown, context?: Record<string, unknown>): void;
}

// The demo's bundle may run before the async widget script has loaded: the stub queues those calls.
installStub();

/** The widget's global API, or the stub queueing for it. */
export function insights(): Insights {
  return (window as unknown as { crmInsights: Insights }).crmInsights;
}
