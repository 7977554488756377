import { describe, expect, it, vi } from 'vitest';
import { watchPageLifecycle } from './page-lifecycle.ts';

/** Handlers that record their calls. */
function spyHandlers() {
  return { hidden: vi.fn(), visible: vi.fn(), leaving: vi.fn(), restored: vi.fn(), frozen: vi.fn(), online: vi.fn() };
}

function setup() {
  const window = new EventTarget() as unknown as Window;
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' }) as unknown as Document & {
    visibilityState: DocumentVisibilityState;
  };
  const handlers = spyHandlers();
  const stop = watchPageLifecycle({ window, document }, handlers);
  const transition = (type: string, persisted: boolean) => Object.assign(new Event(type), { persisted });
  return { window, document, handlers, stop, transition };
}

describe('watchPageLifecycle', () => {
  it('maps each lifecycle event to its handler', () => {
    const { window, document, handlers, transition } = setup();
    document.visibilityState = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    document.visibilityState = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(transition('pagehide', true));
    window.dispatchEvent(transition('pagehide', false));
    window.dispatchEvent(transition('pageshow', false));
    window.dispatchEvent(transition('pageshow', true));
    document.dispatchEvent(new Event('freeze'));
    window.dispatchEvent(new Event('online'));
    expect(handlers.hidden).toHaveBeenCalledTimes(1);
    expect(handlers.visible).toHaveBeenCalledTimes(1);
    expect(vi.mocked(handlers.leaving).mock.calls).toEqual([[true], [false]]);
    // A first load's pageshow is not a restore.
    expect(handlers.restored).toHaveBeenCalledTimes(1);
    expect(handlers.frozen).toHaveBeenCalledTimes(1);
    expect(handlers.online).toHaveBeenCalledTimes(1);
  });

  it('stops listening when asked', () => {
    const { window, handlers, stop } = setup();
    window.dispatchEvent(new Event('online'));
    stop();
    window.dispatchEvent(new Event('online'));
    expect(handlers.online).toHaveBeenCalledTimes(1);
  });

  it('survives a page whose addEventListener throws', () => {
    const broken = {
      addEventListener: () => {
        throw new Error('patched');
      },
      removeEventListener: () => undefined,
    };
    const handlers = spyHandlers();
    const document = Object.assign(broken, { visibilityState: 'visible' as const });
    expect(() => watchPageLifecycle({ window: broken, document }, handlers)()).not.toThrow();
  });
});
