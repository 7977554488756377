import { expect, it } from 'vitest';
import { BRIDGE_CHANNEL } from '../../shared/bridge-channel.ts';
import { startBridgesOnDemand } from './extension-link.ts';

it('announces the widget on a page whose origin is opaque (a sandboxed frame, where location.origin is "null")', async () => {
  const announced = new Promise<unknown>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if ((event.data as { channel?: unknown })?.channel !== BRIDGE_CHANNEL) return;
      window.removeEventListener('message', onMessage);
      resolve(event.data);
    };
    window.addEventListener('message', onMessage);
  });
  // This window, as a sandboxed frame's script sees it: its own postMessage, its origin serialized as "null".
  const page = new Proxy(window, {
    get: (target, key) => {
      if (key === 'location') return { origin: 'null' };
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  expect(() => startBridgesOnDemand(page, () => Promise.resolve(undefined))).not.toThrow();
  await expect(announced).resolves.toEqual({ channel: BRIDGE_CHANNEL, direction: 'from-widget', kind: 'ready' });
});
