/** @jsxImportSource react */
import { type ReactElement, StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { initialContacts, initialDeals } from './data.ts';
import { ExperimentProvider } from './experiments.ts';
import { openFeatureRequests, setUpFeedback } from './feedback-setup.ts';
import type { Contact, Deal } from './data.ts';
import { ContactsPage } from './pages/contacts-page.tsx';
import { NewContactPage } from './pages/new-contact-page.tsx';
import { PipelinePage } from './pages/pipeline-page.tsx';
import { ReportsPage } from './pages/reports-page.tsx';
import { ROUTES, navigate, usePath } from './router.ts';
import { SignIn } from './sign-in.tsx';

function App() {
  const path = usePath();
  const [contacts, setContacts] = useState<Contact[]>(initialContacts);
  const [deals, setDeals] = useState<Deal[]>(initialDeals);
  const links: [string, string][] = [
    [ROUTES.contacts, 'Contacts'],
    [ROUTES.pipeline, 'Pipeline'],
    [ROUTES.reports, 'Reports'],
  ];
  let page: ReactElement;
  if (path === ROUTES.newContact)
    page = <NewContactPage onCreate={(contact) => setContacts([contact, ...contacts])} nextId={contacts.length + 1} />;
  else if (path === ROUTES.pipeline) page = <PipelinePage deals={deals} onChange={setDeals} />;
  else if (path === ROUTES.reports) page = <ReportsPage />;
  else page = <ContactsPage contacts={contacts} />;
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <strong className="brand">Acme CRM</strong>
        {links.map(([href, label]) => (
          <a
            key={href}
            href={href}
            aria-current={path === href ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate(href);
            }}
          >
            {label}
          </a>
        ))}
        <button type="button" className="link" onClick={openFeatureRequests}>
          Feature requests
        </button>
        <SignIn />
      </nav>
      <main>{page}</main>
    </div>
  );
}

setUpFeedback();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ExperimentProvider>
      <App />
    </ExperimentProvider>
  </StrictMode>,
);
