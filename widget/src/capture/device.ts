import type { DeviceContext } from '../../../shared/events.ts';

/**
 * The device, browser, viewport, locale and UTC offset, read when an event needs them. The offset, not the IANA
 * time-zone name: reading the name (`Intl.DateTimeFormat().resolvedOptions().timeZone`) makes Chromium load its
 * time-zone data on a page that has not formatted a date yet, which the bench measured at 60–100 ms of main
 * thread at 4× CPU throttling, more than all the rest of the widget's start. Apps that want the name can add it
 * to their users' traits with `identify` or to events in `beforeSend`.
 */
export function deviceContext(target: Window = window): DeviceContext {
  const { navigator, screen } = target;
  const device: DeviceContext = {
    userAgent: navigator.userAgent,
    viewport: `${target.innerWidth}x${target.innerHeight}`,
    screen: `${screen.width}x${screen.height}`,
    locale: navigator.language,
    utcOffset: -new Date().getTimezoneOffset(),
  };
  // User-Agent Client Hints, where the browser has them, say plainly whether this is a phone.
  const mobile = (navigator as { userAgentData?: { mobile?: boolean } }).userAgentData?.mobile;
  if (mobile !== undefined) device.mobile = mobile;
  return device;
}
