/**
 * The content script's way to the extension (panels and background), turned into a promise that never throws.
 * Once the extension is reloaded, updated or removed, the content script it left on open pages is orphaned:
 * `runtime.id` reads undefined and `runtime.sendMessage` throws "Extension context invalidated" synchronously, so a
 * `.catch()` on its result is never reached and every widget message would throw. `isInvalid` (WXT's
 * `ctx.isInvalid`) also tears the orphan down on first use, so its badge does not outlive the extension.
 */
export function createExtensionSender(
  sendMessage: (message: unknown) => Promise<unknown>,
  isInvalid: () => boolean,
): (message: unknown) => Promise<unknown> {
  return (message) => {
    if (isInvalid()) return Promise.reject(new Error('The extension was reloaded or removed: reload the page.'));
    try {
      return sendMessage(message);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
