import type { Props } from '../../../shared/protocol.ts';
import type { UserTraits } from '../../../shared/tracking-plan/user-properties.ts';
import type { ErrorDetails } from './error-reporter.ts';

/** `captureError`'s context: the error's kind, an optional custom fingerprint, and anything else as JSON. */
export type CaptureErrorContext = Pick<ErrorDetails, 'kind' | 'fingerprint'> & Props;

/** The capture methods of the client and of `window.crmInsights`. */
export interface CaptureApi {
  /** Links this visitor's history to `userId` and stores `traits`; later events carry the user and its traits. */
  identify(userId: string, traits?: UserTraits): void;
  /** On logout: forgets the user, starts a new anonymous id and session. */
  reset(): void;
  /** Records a page view by hand (SPA route changes are recorded automatically). */
  page(props?: Props): void;
  /** Records revenue: a `Revenue` event with `amount` and ISO 4217 `currency`. */
  revenue(amount: number, currency: string, props?: Props): void;
  /** Reports a handled error: `kind` js (default), network, api or validation; `fingerprint` groups it your way. */
  captureError(error: unknown, context?: CaptureErrorContext): void;
  /** Stops all capture and storage for this visitor (remembered); what is stored is forgotten. */
  optOut(): void;
  /** Resumes capture after `optOut()`. */
  optIn(): void;
}
