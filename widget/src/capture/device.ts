import type { DeviceContext } from '../../../shared/events.ts';

// Creating an Intl.DateTimeFormat costs far more than everything else here (the bench measured ~70 ms per
// page load when it ran per event), and a page's time zone does not change while it is open: read it once.
let cachedTimeZone: string | undefined;
function timeZone(): string {
  cachedTimeZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  return cachedTimeZone;
}

/** The device, browser, viewport, locale and time zone, read when an event needs them. */
export function deviceContext(target: Window = window): DeviceContext {
  const { navigator, screen } = target;
  const device: DeviceContext = {
    userAgent: navigator.userAgent,
    viewport: `${target.innerWidth}x${target.innerHeight}`,
    screen: `${screen.width}x${screen.height}`,
    locale: navigator.language,
    timeZone: timeZone(),
  };
  // User-Agent Client Hints, where the browser has them, say plainly whether this is a phone.
  const mobile = (navigator as { userAgentData?: { mobile?: boolean } }).userAgentData?.mobile;
  if (mobile !== undefined) device.mobile = mobile;
  return device;
}
