import { storage } from 'wxt/utils/storage';
import type { OverridesByOrigin } from './override-store.ts';

/** The panel's settings: which API to ask for override tokens, and whether pages run in production mode. */
export interface ExtensionSettings {
  endpoint: string;
  productionMode: boolean;
}

/** Overrides per origin; read by content scripts (isolated world, never the page) and written by the panel. */
export const overridesItem = storage.defineItem<OverridesByOrigin>('local:overrides', { fallback: {} });

/** The panel's settings. */
export const settingsItem = storage.defineItem<ExtensionSettings>('local:settings', { fallback: { endpoint: '', productionMode: false } });

/**
 * The staff token. Only the background service worker reads it (to ask the API for override tokens); the panel
 * writes it through the background and never gets it back, and page scripts cannot reach extension storage at all.
 */
export const staffTokenItem = storage.defineItem<string>('local:staffToken', { fallback: '' });
