/** @jsxImportSource react */
import { useEffect, useState } from 'react';

/** The demo's routes, all under /demo/ and driven by the History API (so SPA page views are real). */
export const ROUTES = {
  contacts: '/demo/',
  newContact: '/demo/contacts/new',
  pipeline: '/demo/pipeline',
  reports: '/demo/reports',
} as const;

/** Navigates without a reload, as a React router would. */
export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState({}, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current path, re-rendering on navigation. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return path;
}
