/** @jsxImportSource react */
import { useMemo, useState } from 'react';
import type { Contact } from '../data.ts';
import { insights } from '../insights.ts';
import { ROUTES, navigate } from '../router.ts';

/** The contacts list with search. */
export function ContactsPage({ contacts }: { contacts: Contact[] }) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return needle
      ? contacts.filter((c) => `${c.name} ${c.email} ${c.company}`.toLowerCase().includes(needle))
      : contacts;
  }, [contacts, query]);
  return (
    <section>
      <header className="page-header">
        <h1>Contacts</h1>
        <button type="button" className="primary" onClick={() => navigate(ROUTES.newContact)}>
          New contact
        </button>
      </header>
      <ContactSearch query={query} onChange={setQuery} results={shown.length} />
      <p className="muted" aria-live="polite">
        {shown.length} of {contacts.length} contacts
      </p>
      <ContactTable contacts={shown} />
    </section>
  );
}

/** The search box: the list filters as one types, and a submitted search is tracked with its number of results. */
function ContactSearch({
  query,
  onChange,
  results,
}: {
  query: string;
  onChange: (query: string) => void;
  results: number;
}) {
  return (
    <form
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        insights().track('Contacts Searched', { query_length: query.length, results });
      }}
    >
      <label>
        Search contacts{' '}
        <input
          name="q"
          type="search"
          value={query}
          onChange={(event) => onChange(event.target.value)}
          placeholder="Name, email or company"
        />
      </label>
      <button type="submit">Search</button>
    </form>
  );
}

/** The contacts shown, a row each; the rows' text is masked in session replays, as it is personal data. */
function ContactTable({ contacts }: { contacts: Contact[] }) {
  return (
    <table className="contacts">
      <thead>
        <tr>
          <th>Name</th>
          <th>Company</th>
          <th>Email</th>
          <th>Phone</th>
          <th>Owner</th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((contact) => (
          <tr key={contact.id} data-insights-mask="">
            <td>{contact.name}</td>
            <td>{contact.company}</td>
            <td>{contact.email}</td>
            <td>{contact.phone}</td>
            <td>{contact.owner}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
