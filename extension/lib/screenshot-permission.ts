import type { WxtBrowser } from 'wxt/browser';

/**
 * The host permission panel screenshots need. Chromium's `captureVisibleTab` checks
 * `CaptureRequirement::kActiveTabOrAllUrls`: `<all_urls>` or the tab's `activeTab` grant from a toolbar click; a
 * granted CRM site is not enough (`PermissionsData::CanCaptureVisiblePage`,
 * https://source.chromium.org/chromium/chromium/src/+/main:extensions/common/permissions/permissions_data.cc), and
 * `tabCapture` has the same user-invocation rule. So it stays opt-in.
 */
export const SCREENSHOT_ORIGINS = ['<all_urls>'];

/** Whether the panel may screenshot a tab without a toolbar click first (false when it cannot tell). */
export function canScreenshotFromPanel(api: WxtBrowser): Promise<boolean> {
  return api.permissions.contains({ origins: SCREENSHOT_ORIGINS }).catch(() => false);
}
