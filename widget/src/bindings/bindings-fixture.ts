import type { FlagsConfig } from '../../../shared/flags/types.ts';
import type { Props } from '../../../shared/protocol.ts';
import type { CaptureErrorContext } from '../capture/api.ts';
import { createFlagsClient } from '../flags/flags-client.ts';
import type { BindableClient } from './create-bindings.ts';

/** A config with a boolean flag and a two-way experiment, as the server would serve it. */
export const BINDINGS_CONFIG: FlagsConfig = {
  flags: {
    'deal-badge': { type: 'boolean', defaultValue: true },
    layout: {
      type: 'string',
      defaultValue: 'control',
      rules: [
        { key: 'layout', variations: ['control', 'B'], meta: [{ key: 'control' }, { key: 'B' }], hashVersion: 2 },
      ],
    },
  },
};

/**
 * A real flags client on a bootstrap config (no network); what the bindings send is kept: `tracked` for events,
 * `calls` for identify, page, revenue, captureError and the feedback members.
 */
export function bindableClient(anonymousId = 'binding-user') {
  const tracked: { name: string; props?: Props }[] = [];
  const calls: { method: string; args: unknown[] }[] = [];
  const record =
    (method: string) =>
    (...args: unknown[]) =>
      void calls.push({ method, args });
  const flags = createFlagsClient(
    {
      endpoint: 'https://api.example/api',
      writeKey: 'pk',
      identity: () => ({ anonymousId, sessionId: 'session' }),
      expose: () => undefined,
    },
    { bootstrap: BINDINGS_CONFIG, fetchConfig: false },
    { fetch, now: Date.now },
  );
  const client: BindableClient & { flags: typeof flags } = {
    isOn: flags.isOn,
    getFeatureValue: flags.getFeatureValue,
    getVariant: flags.getVariant,
    track: (name, props) => void tracked.push(props === undefined ? { name } : { name, props }),
    identify: record('identify'),
    page: record('page'),
    revenue: record('revenue'),
    captureError: record('captureError') as (error: unknown, context?: CaptureErrorContext) => void,
    feedback: { open: record('feedback.open') },
    nps: { show: record('nps.show') },
    featureRequests: { open: record('featureRequests.open') },
    flags,
  };
  return { client, tracked, calls };
}
