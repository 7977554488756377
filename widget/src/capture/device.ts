import type { DeviceContext } from '../../../shared/events.ts';

/** The device, browser, viewport, locale and time zone, read when an event needs them. */
export function deviceContext(target: Window = window): DeviceContext {
  const { navigator, screen } = target;
  const device: DeviceContext = {
    userAgent: navigator.userAgent,
    viewport: `${target.innerWidth}x${target.innerHeight}`,
    screen: `${screen.width}x${screen.height}`,
    locale: navigator.language,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
  // User-Agent Client Hints, where the browser has them, say plainly whether this is a phone.
  const mobile = (navigator as { userAgentData?: { mobile?: boolean } }).userAgentData?.mobile;
  if (mobile !== undefined) device.mobile = mobile;
  return device;
}
