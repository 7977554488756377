import { describe, expect, it, vi } from 'vitest';
import { createExtensionSender } from './extension-sender.ts';
import { createOverrideTokens } from './override-tokens.ts';
import type { IssuedToken } from './override-tokens.ts';

/** `runtime.sendMessage` in a content script whose extension was reloaded: it throws, it does not reject. */
const orphaned = () => {
  throw new Error('Extension context invalidated.');
};

describe('the content script after its extension is gone', () => {
  it('turns the synchronous throw into a rejection a `.catch()` handles', async () => {
    const send = createExtensionSender(orphaned, () => false);
    let result: Promise<unknown> | undefined;
    expect(() => {
      result = send({ type: 'page-update' }).catch(() => 'caught');
    }).not.toThrow();
    await expect(result).resolves.toBe('caught');
  });

  it('sends nothing once the context is invalid', async () => {
    const sendMessage = vi.fn(async () => undefined);
    const send = createExtensionSender(sendMessage, () => true);
    await expect(send({ type: 'overrides-count', count: 1 })).rejects.toThrow(/reload/);
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('reports a token request as failed instead of rejecting', async () => {
    const send = createExtensionSender(orphaned, () => false);
    const tokens = createOverrideTokens((anonymousId) => send({ anonymousId }) as Promise<IssuedToken>);
    await expect(tokens.get('a')).resolves.toEqual({ error: expect.stringMatching(/did not answer/) });
  });

  it('passes an answer through while the extension is there', async () => {
    const send = createExtensionSender(
      async () => ({ ok: true }),
      () => false,
    );
    await expect(send({ type: 'auth-status' })).resolves.toEqual({ ok: true });
  });
});
