import type { ContentRequest } from './messages.ts';
import type { PageSession } from './page-session.ts';

/**
 * What the content script answers panels (and the background): the page's snapshot, the widget's bug bundle; and
 * what it does when the background says the credential or this origin's overrides changed.
 * Returns undefined for the rest, so others answer them.
 */
export function answerContentRequest(request: ContentRequest, session: PageSession): Promise<unknown> | undefined {
  if (request?.type === 'get-page') return Promise.resolve(session.snapshot());
  if (request?.type === 'get-bug-bundle') return session.requestBugBundle();
  // Signed in (again) after a token was refused for want of a credential: try once more.
  if (request?.type === 'auth-changed') session.retryRefusedToken();
  if (request?.type === 'overrides-changed') void session.overridesChanged();
  return undefined;
}
