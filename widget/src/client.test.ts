import { describe, expect, it, vi } from 'vitest';
import { createClient } from './create-client.ts';
import type { ClientEnvironment } from './client.ts';
import { memoryOutbox } from './delivery/outbox.ts';

function environment(fetchImpl: typeof fetch): ClientEnvironment {
  const document = new EventTarget() as unknown as Document;
  Object.assign(document, { visibilityState: 'visible', title: 'Deals', referrer: '' });
  const window = { location: new URL('https://crm.example/deals') } as unknown as Window;
  return { window, document, fetch: fetchImpl, now: () => 1_700_000_000_000, outbox: Promise.resolve(memoryOutbox()) };
}

/** A debug-mode client whose server answers 200, with the events it was sent and the console's warnings. */
function debugClient() {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const bodies: { events: { name?: string; userId?: string }[] }[] = [];
  const fetchImpl = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    return new Response('{}', { status: 200 });
  });
  const client = createClient(
    { endpoint: 'https://api.example/api', writeKey: 'pk', debug: true, capture: { trackingPlan: false } },
    environment(fetchImpl as unknown as typeof fetch),
  );
  const sent = () => bodies.flatMap((body) => body.events).map(({ name, userId }) => ({ name, userId }));
  return { client, sent, warn };
}

describe('createClient', () => {
  it('delivers tracked events and empties the outbox only on 2xx', async () => {
    const bodies: unknown[] = [];
    let status = 503;
    const fetchImpl = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      return new Response('{}', { status });
    });
    const client = createClient(
      { endpoint: 'https://api.example/api/', writeKey: 'pk', flushDelay: 60_000 },
      environment(fetchImpl as typeof fetch),
    );
    client.track('Deal Won', { value: 5 });
    await expect(client.flush()).rejects.toThrow(/HTTP 503.*1 events kept for retry/);
    expect((await client.stateSources.delivery.state()).queued).toBe(1);

    status = 200;
    await expect(client.flush()).resolves.toEqual({ delivered: 1, pending: 0 });
    expect(fetchImpl).toHaveBeenCalledWith(
      'https://api.example/api/analytics/events',
      expect.objectContaining({ method: 'POST' }),
    );
    const [first, second] = bodies as { events: { id: string; name: string; page: { path: string } }[] }[];
    expect(second!.events[0]!.id).toBe(first!.events[0]!.id);
    expect(second!.events[0]).toMatchObject({ name: 'Deal Won', page: { path: '/deals' } });
    client.shutdown();
  });

  it('drops an invalid event with a warning in debug mode instead of poisoning the batch', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const client = createClient(
      { endpoint: 'https://api.example/api', writeKey: 'pk', debug: true },
      environment(vi.fn() as unknown as typeof fetch),
    );
    client.track('x'.repeat(300));
    client.track('');
    expect(warn.mock.calls.map((call) => call[0])).toEqual([
      expect.stringMatching(/dropped track event .*name: longer than 200 characters/),
      expect.stringMatching(/needs a non-empty event name/),
    ]);
    expect((await client.stateSources.delivery.state()).queued).toBe(0);
    client.shutdown();
    warn.mockRestore();
  });

  it('drops, with a warning, props the pipeline cannot copy (a cycle, a throwing getter) instead of throwing into the page', async () => {
    const { client, sent, warn } = debugClient();
    const cycle: Record<string, unknown> = { deal: 1 };
    cycle.self = cycle;
    const getter = Object.defineProperty({}, 'owner', {
      enumerable: true,
      get() {
        throw new Error('detached record');
      },
    });
    expect(() => client.track('Cycle', { deal: cycle } as never)).not.toThrow();
    expect(() => client.track('Getter', getter)).not.toThrow();
    expect(() => client.page({ deal: cycle } as never)).not.toThrow();
    expect(() => client.captureError(new Error('boom'), { record: cycle } as never)).not.toThrow();
    client.track('Deal Won');
    await client.flush();
    expect(sent().map((event) => event.name)).toEqual(['Deal Won']);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/\[crm-insights\] dropped an event/), expect.anything());
    client.shutdown();
    warn.mockRestore();
  });

  it('refuses identify traits not JSON (a BigInt, a cycle) or over the limits, without throwing; later events still go', async () => {
    const { client, sent, warn } = debugClient();
    const company: Record<string, unknown> = { name: 'Acme' };
    company.parent = company;
    expect(() => client.identify('u-1', { seats: 12n } as never)).not.toThrow();
    expect(() => client.identify('u-2', { company } as never)).not.toThrow();
    // JSON, but every later event would carry them past the wire limits and be dropped for it.
    expect(() => client.identify('u-3', { notes: 'n'.repeat(8 * 1024) })).not.toThrow();
    expect(() => client.identify('u-4', { org: { a: { b: { c: { d: { e: 1 } } } } } } as never)).not.toThrow();
    client.track('Deal Won');
    await client.flush();
    expect(sent()).toEqual([{ name: 'Deal Won', userId: undefined }]);
    // As deep as an event's context allows: kept, and the next event carries it.
    client.identify('u-5', { org: { a: { b: { c: { d: 1 } } } } } as never);
    client.track('Deal Lost');
    await client.flush();
    expect(sent().at(-1)).toEqual({ name: 'Deal Lost', userId: 'u-5' });
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/identify\(userId, traits\) needs JSON traits/),
      expect.anything(),
    );
    client.shutdown();
    warn.mockRestore();
  });

  it('deletes what was queued and not yet sent when the visitor opts out', async () => {
    const fetchImpl = vi.fn(async () => new Response('{}', { status: 503 }));
    const client = createClient(
      { endpoint: 'https://api.example/api', writeKey: 'pk', flushDelay: 60_000 },
      environment(fetchImpl as unknown as typeof fetch),
    );
    client.track('Deal Won', { deal_id: 1, value: 5 });
    client.track('Deal Lost', { deal_id: 2 });
    await expect(client.flush()).rejects.toThrow(/2 events kept for retry/);
    client.optOut();
    await vi.waitFor(async () => expect((await client.stateSources.delivery.state()).queued).toBe(0));

    client.optIn();
    fetchImpl.mockClear();
    await expect(client.flush()).resolves.toEqual({ delivered: 0, pending: 0 });
    expect(fetchImpl).not.toHaveBeenCalled();
    client.shutdown();
  });

  it('writes nothing about an opted-out visitor for flags either: no snapshot, exposure log or sticky bucket', () => {
    const stored = new Map<string, string>();
    const localStorage = {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
      removeItem: (key: string) => void stored.delete(key),
      key: (index: number) => [...stored.keys()][index] ?? null,
      get length() {
        return stored.size;
      },
    };
    const env = environment(vi.fn(async () => new Response('{}')) as unknown as typeof fetch);
    Object.assign(env.window, { localStorage });
    const bootstrap = {
      version: 1,
      flags: {
        layout: {
          type: 'string' as const,
          defaultValue: 'control',
          rules: [
            {
              id: 'exp',
              key: 'layout',
              variations: ['control', 'B'],
              meta: [{ key: 'control' }, { key: 'B' }],
              hashVersion: 2,
            },
          ],
        },
      },
    };
    const client = createClient(
      {
        endpoint: 'https://api.example/api',
        writeKey: 'pk',
        flushDelay: 60_000,
        flags: { bootstrap, fetchConfig: false },
      },
      env,
    );
    client.optOut();
    expect([...stored.keys()]).toEqual(['crm-insights:opt-out']);
    expect(client.getVariant('layout')).toMatch(/^(control|B)$/);
    client.flags.setAttributes({ plan: 'pro' });
    expect(client.getVariant('layout')).toMatch(/^(control|B)$/);
    expect([...stored.keys()]).toEqual(['crm-insights:opt-out']);
    client.shutdown();
  });

  it('checks track calls against the CRM plan by default, and against none with trackingPlan: false', async () => {
    const sent = async (trackingPlan?: false) => {
      const bodies: { events: { name?: string; tags?: string[] }[] }[] = [];
      const fetchImpl = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
        bodies.push(JSON.parse(String(init?.body)));
        return new Response('{}', { status: 200 });
      });
      const client = createClient(
        {
          endpoint: 'https://api.example/api',
          writeKey: 'pk',
          capture: trackingPlan === false ? { trackingPlan } : {},
        },
        environment(fetchImpl as unknown as typeof fetch),
      );
      client.track('Deal Won', { deal_id: 'one', value: 5 });
      await client.flush();
      client.shutdown();
      return bodies.flatMap((body) => body.events).find((event) => event.name === 'Deal Won')?.tags;
    };
    expect(await sent()).toEqual(['off-plan']);
    expect(await sent(false)).toBeUndefined();
  });
});
