import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { DrawGuard, ErrorNote } from './components/panel.tsx';
import type { PageProps } from './page-props.ts';
import { PAGES } from './pages.ts';
import { RangePicker } from './range-picker.tsx';
import { SignIn } from './sign-in.tsx';
import { rangeFromParams } from './time-range.ts';
import { navigate, pageHref, useLocation } from './use-location.ts';
import { useSession } from './use-session.ts';

/** The dashboard: sign-in until a session exists, then navigation, the range picker and the current page. */
export function App() {
  const { state, signIn, signOut } = useSession();
  if (state.status === 'checking') return <p class="boot">Checking your session…</p>;
  if (state.status === 'signed-out') return <SignIn onSignIn={signIn} notice={state.message} />;
  return <Shell role={state.role} onSignOut={signOut} />;
}

function Shell({ role, onSignOut }: { role: PageProps['role']; onSignOut: () => void }) {
  const location = useLocation();
  const range = rangeFromParams(location.params);
  const page = PAGES.find((each) => each.key === location.page);
  useEffect(() => {
    document.title = `${page?.title ?? 'Not found'} · crm-insights`;
  }, [page]);
  return (
    <div class="shell">
      <a class="skip" href="#content">
        Skip to content
      </a>
      <nav class="sidebar" aria-label="Dashboard">
        <p class="brand">crm-insights</p>
        <ul>
          {PAGES.map((each) => (
            <li key={each.key}>
              <a
                href={pageHref(each.key)}
                aria-current={each.key === location.page ? 'page' : undefined}
                onClick={follow}
              >
                {each.title}
              </a>
            </li>
          ))}
        </ul>
        <p class="who">
          Signed in as <strong>{role === 'staff' ? 'staff' : 'reader (read-only)'}</strong>
        </p>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </nav>
      <main id="content" tabIndex={-1}>
        <header class="page-header">
          <h1>{page?.title ?? 'Not found'}</h1>
          <RangePicker range={range} />
        </header>
        {'error' in range ? (
          <ErrorNote status={400} message={range.error} />
        ) : page ? (
          // Another page is drawn afresh: one that failed gets a new try when it is opened again.
          <DrawGuard key={location.page} what="page">
            <LazyPage load={page.load} props={{ location, range, role }} />
          </DrawGuard>
        ) : (
          <ErrorNote status={404} message={`no page "${location.page}": pick one from the menu`} />
        )}
      </main>
    </div>
  );
}

/** Follows an in-dashboard link without a reload (keeps modified clicks, such as open-in-new-tab, native). */
export function follow(event: MouseEvent): void {
  const link = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href')!);
}

const loaded = new Map<() => Promise<ComponentType<PageProps>>, ComponentType<PageProps>>();

function LazyPage({ load, props }: { load: () => Promise<ComponentType<PageProps>>; props: PageProps }) {
  const [Page, setPage] = useState<ComponentType<PageProps> | undefined>(() => loaded.get(load));
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    const known = loaded.get(load);
    if (known) return setPage(() => known);
    setPage(undefined);
    let current = true;
    load().then(
      (component) => {
        loaded.set(load, component);
        if (current) setPage(() => component);
      },
      (error: unknown) =>
        current && setFailure(`this page did not load: ${(error as Error).message}; reload to try again`),
    );
    return () => {
      current = false;
    };
  }, [load]);
  if (failure) return <ErrorNote status={0} message={failure} />;
  if (!Page)
    return (
      <p class="state loading" role="status">
        Loading the page…
      </p>
    );
  return <Page {...props} />;
}
