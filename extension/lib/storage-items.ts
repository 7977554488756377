import { storage } from 'wxt/utils/storage';
import type { OverridesByOrigin } from './override-store.ts';

/** Overrides per origin, written by the panel; a content script gets its own origin's from the background. */
export const overridesItem = storage.defineItem<OverridesByOrigin>('local:overrides', { fallback: {} });

/**
 * The API and the staff credential: a staff session from pairing with the dashboard (limited lifetime) or a staff
 * token typed in. Only the background service worker reads it; panels see `AuthStatus` (no secret). Neither page
 * scripts nor content scripts can reach extension storage (see storage-access.ts).
 */
export interface StaffAuth {
  /** The API base, e.g. `https://insights.example.com/api`. */
  endpoint: string;
  token: string;
  kind: 'paired' | 'token';
  expiresAt?: number;
}
export const authItem = storage.defineItem<StaffAuth | null>('local:auth', { fallback: null });

/** The CRM origins (`https://crm.example.com`) staff chose; the content script runs on those also granted. */
export const crmOriginsItem = storage.defineItem<string[]>('local:crmOrigins', { fallback: [] });

/**
 * Who files bug reports from this install: a random id made on first use (by the background, `reporterId()`) and
 * sent with each report, so "My reports" asks the API for this reporter's reports, across re-pairing.
 */
export const reporterIdItem = storage.defineItem<string | null>('local:reporterId', { fallback: null });
