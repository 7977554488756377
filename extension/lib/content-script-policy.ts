import type { BackgroundRequest } from './messages.ts';

/**
 * The origin of the page a message came from, as the browser reports the sender (never what the message says);
 * '' when there is none or it is opaque.
 */
export function senderOrigin(senderUrl: string | undefined): string {
  try {
    const origin = senderUrl ? new URL(senderUrl).origin : '';
    return origin === 'null' ? '' : origin;
  } catch {
    return '';
  }
}

/**
 * What a content script (a sender that is not one of our pages) may ask: its own page's overrides, a token for its
 * own page's origin and the toolbar count, nothing else. Its messages come from the page's renderer process, which
 * a page exploit can take over and then send anything the content script could: screenshots of any tab, the
 * staff's reports, a token for another origin, a new endpoint.
 * https://developer.chrome.com/docs/extensions/develop/security-privacy/stay-secure
 */
export function contentScriptMayAsk(request: BackgroundRequest, senderUrl: string | undefined): boolean {
  if (request?.type === 'overrides-count' || request?.type === 'page-overrides') return true;
  if (request?.type !== 'issue-override-token') return false;
  const origin = senderOrigin(senderUrl);
  return origin !== '' && origin === request.origin;
}
