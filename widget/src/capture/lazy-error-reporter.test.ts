import { describe, expect, it } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { ErrorPropsSchema } from '../../../shared/events.ts';
import { validateWith } from '../../../shared/protocol.ts';
import { createBreadcrumbs } from './breadcrumbs.ts';
import { createErrorReporter } from './error-reporter.ts';
import { lazyErrorReporter } from './lazy-error-reporter.ts';
import type { ChunkMap } from '../load-chunk.ts';

function setup(fail = false, page?: Parameters<typeof lazyErrorReporter>[1]) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let loads = 0;
  const load = async (): Promise<ChunkMap['errors']> => {
    loads++;
    await gate;
    if (fail) throw new Error('offline');
    return { createErrorReporter };
  };
  const captured: Parameters<(event: Partial<InsightEvent>) => void>[0][] = [];
  const breadcrumbs = createBreadcrumbs(() => 1);
  const reporter = lazyErrorReporter(load, page ?? {})(
    { capture: (event) => void captured.push(event), getSessionId: () => 's1' },
    breadcrumbs,
    {},
    { now: () => 1, setTimeout: () => undefined },
  );
  return { reporter, breadcrumbs, captured, release, loads: () => loads };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const thrown = (message: string) => {
  try {
    throw new TypeError(message);
  } catch (error) {
    return error;
  }
};

describe('lazyErrorReporter', () => {
  it('loads nothing until the first error, then reports what happened meanwhile, parsed, with the trail of that moment', async () => {
    const { reporter, breadcrumbs, captured, release, loads } = setup();
    breadcrumbs.add('click', 'button#save');
    expect(loads()).toBe(0);
    reporter.report(thrown('x is undefined'));
    breadcrumbs.add('navigation', 'push /deals');
    reporter.report(thrown('y is undefined'), { handled: true });
    expect(loads()).toBe(1);
    expect(captured).toEqual([]);

    release();
    await settle();
    expect(captured.map((event) => event.props?.message)).toEqual(['x is undefined', 'y is undefined']);
    expect(captured[0]!.props).toMatchObject({
      type: 'TypeError',
      handled: false,
      breadcrumbs: [{ category: 'click', message: 'button#save' }],
    });
    expect((captured[0]!.props!.frames as unknown[]).length).toBeGreaterThan(0);
    expect((captured[1]!.props!.breadcrumbs as unknown[]).length).toBe(2);

    // Once loaded, errors go straight through the real pipeline.
    reporter.report(thrown('z is undefined'));
    expect(captured).toHaveLength(3);
    expect(loads()).toBe(1);
  });

  it('still sends each error, unparsed but valid, when the chunk cannot load', async () => {
    const { reporter, captured, release } = setup(true);
    reporter.report(thrown('x is undefined'), { kind: 'js', context: { screen: 'deals' } });
    reporter.report('a plain string');
    release();
    await settle();
    expect(captured).toHaveLength(2);
    expect(captured[0]!.props).toMatchObject({
      type: 'TypeError',
      message: 'x is undefined',
      fingerprint: 'TypeError: x is undefined',
      frames: [],
      context: { screen: 'deals', stack: expect.stringContaining('x is undefined') },
    });
    expect(captured[1]!.props).toMatchObject({ type: 'Error', message: 'a plain string' });
    for (const event of captured) expect(validateWith(ErrorPropsSchema, event.props).ok).toBe(true);
  });

  it('settles once the errors that waited are captured, so a flush right after an error carries it', async () => {
    const { reporter, captured, release } = setup();
    reporter.report(thrown('x is undefined'));
    const settled = reporter.settled!();
    release();
    await settled;
    expect(captured).toHaveLength(1);
  });

  it('does not reject (an unhandled rejection, to the page) when an error that waited has odd details', async () => {
    const { reporter, captured, release } = setup();
    reporter.report(thrown('x is undefined'), { fingerprint: 404 as never });
    reporter.report({ message: Object.create(null) });
    reporter.report(thrown('y is undefined'));
    const settled = reporter.settled!();
    release();
    await expect(settled).resolves.toBeUndefined();
    expect(captured.map((event) => event.props?.message)).toEqual(['x is undefined', 'y is undefined']);
  });

  it('sends the errors still waiting for the chunk, unparsed, when the page is left, and never twice', async () => {
    const listeners = new Map<string, (event: Event) => void>();
    const page = {
      addEventListener: (type: string, listener: (event: Event) => void) => void listeners.set(type, listener),
      document: { visibilityState: 'visible' },
    };
    const { reporter, captured, release } = setup(false, page);
    reporter.report(thrown('x is undefined'));
    listeners.get('pagehide')!(new Event('pagehide'));
    expect(captured.map((event) => event.props?.message)).toEqual(['x is undefined']);
    expect(captured[0]!.props).toMatchObject({ frames: [] });
    release();
    await settle();
    expect(captured).toHaveLength(1);
  });

  it('counts a hidden page as left (mobile browsers may never fire pagehide), a visible one not', () => {
    const listeners = new Map<string, (event: Event) => void>();
    const page = {
      addEventListener: (type: string, listener: (event: Event) => void) => void listeners.set(type, listener),
      document: { visibilityState: 'visible' },
    };
    const { reporter, captured } = setup(false, page);
    reporter.report(thrown('y is undefined'));
    listeners.get('visibilitychange')!(new Event('visibilitychange'));
    expect(captured).toEqual([]);
    page.document.visibilityState = 'hidden';
    listeners.get('visibilitychange')!(new Event('visibilitychange'));
    expect(captured.map((event) => event.props?.message)).toEqual(['y is undefined']);
  });
});
