import type { WxtBrowser } from 'wxt/browser';

/** Every storage area that can hold data: none of them is for content scripts (they ask the background instead). */
const AREAS = ['local', 'session', 'sync'] as const;

/**
 * Makes extension storage readable and writable by the extension's own pages and service worker only. A content
 * script runs in the CRM page's renderer process; an exploit that takes that process over can call every API the
 * content script can, and by default that includes `storage.local`, where the staff credential lives. Chromium
 * keeps the level per area in the profile and checks each call in the browser process against the calling context
 * (storage_utils.cc, storage_api.cc); content scripts then hear no `storage.onChanged` either (seen in Chromium
 * 156; which process drops those events for `local` is not established). Set at every start anyway, before the
 * content script is registered, so no install, update or profile copy runs without it.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#method-StorageArea-setAccessLevel
 * Firefox has `setAccessLevel` for `session` only: there `local` stays readable by content scripts.
 * https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/storage/StorageArea/setAccessLevel
 * Returns the areas that could not be locked, with why.
 */
export async function lockStorageToTrustedContexts(api: WxtBrowser): Promise<string[]> {
  const unlocked: string[] = [];
  for (const name of AREAS) {
    const area = api.storage[name];
    if (typeof area?.setAccessLevel !== 'function') {
      unlocked.push(`${name}: this browser cannot restrict it`);
      continue;
    }
    await area
      .setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' })
      .catch((error: unknown) => unlocked.push(`${name}: ${String(error)}`));
  }
  return unlocked;
}
