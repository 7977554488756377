import { describe, expect, it } from 'vitest';
import { DeviceContextSchema } from '../../../shared/events.ts';
import { validateWith } from '../../../shared/protocol.ts';
import { deviceContext } from './device.ts';

const page = (mobile?: boolean) =>
  ({
    navigator: {
      userAgent: 'test-agent',
      language: 'de-DE',
      ...(mobile === undefined ? {} : { userAgentData: { mobile } }),
    },
    screen: { width: 1920, height: 1080 },
    innerWidth: 1280,
    innerHeight: 800,
  }) as unknown as Window;

describe('deviceContext', () => {
  it('reads the browser, viewport, locale and UTC offset, in the shape the API accepts', () => {
    const device = deviceContext(page());
    expect(device).toEqual({
      userAgent: 'test-agent',
      viewport: '1280x800',
      screen: '1920x1080',
      locale: 'de-DE',
      utcOffset: -new Date().getTimezoneOffset(),
    });
    expect(validateWith(DeviceContextSchema, device).ok).toBe(true);
  });

  it('says whether this is a phone where client hints tell', () => {
    expect(deviceContext(page(true)).mobile).toBe(true);
    expect(deviceContext(page(false)).mobile).toBe(false);
  });
});
