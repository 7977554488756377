/**
 * The CRM's user properties for segmentation, sent with `identify(userId, traits)` and attached to every later
 * event as `context.user`. All optional: send what you know.
 */
export interface UserTraits {
  email?: string;
  name?: string;
  role?: 'admin' | 'manager' | 'rep' | 'viewer';
  plan?: 'free' | 'starter' | 'pro' | 'enterprise';
  teamSize?: number;
  /** ISO date, e.g. `2026-03-01`. */
  signUpDate?: string;
  company?: string;
  companyId?: string;
  industry?: string;
  country?: string;
  language?: string;
  seats?: number;
  mrr?: number;
  trial?: boolean;
  lifecycleStage?: 'trial' | 'onboarding' | 'active' | 'at-risk' | 'churned';
  accountAgeDays?: number;
  dealsWon?: number;
  /** Anything else, JSON values only. */
  [custom: string]: string | number | boolean | null | undefined;
}

/** Traits never attached to every event: they identify a person and stay on the `identify` event only. */
export const PRIVATE_TRAITS: readonly string[] = ['email', 'name'];
