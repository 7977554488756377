/** @jsxImportSource react */
import { useState } from 'react';
import type { Contact } from '../data.ts';
import { insights } from '../insights.ts';
import { ROUTES, navigate } from '../router.ts';

type FieldName = 'name' | 'email' | 'company' | 'phone';
type Errors = Partial<Record<FieldName, string>>;

/** The form's fields in order: name, label and input type. */
const FIELDS = [
  ['name', 'Full name', 'text'],
  ['email', 'Email', 'email'],
  ['company', 'Company', 'text'],
  ['phone', 'Phone (optional)', 'tel'],
] as const;

/** Checks the form the way a CRM's back end would, so validation errors are real. */
function validateContact(fields: Record<string, string>): Errors {
  const errors: Errors = {};
  if (fields.name!.trim().length < 2) errors.name = 'Enter the contact’s full name.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(fields.email!)) errors.email = 'Enter a valid email address.';
  if (!fields.company!.trim()) errors.company = 'Company is required.';
  if (fields.phone && !/^\+?[\d\s()-]{7,}$/.test(fields.phone))
    errors.phone = 'Phone numbers use digits, spaces and + ( ) - only.';
  return errors;
}

/** The create-contact form, with validation errors. */
export function NewContactPage({ onCreate, nextId }: { onCreate: (contact: Contact) => void; nextId: number }) {
  const [errors, setErrors] = useState<Errors>({});
  return (
    <section>
      <h1>New contact</h1>
      <form
        noValidate
        className="stacked"
        // The handler stays inline: the validation error is made here, so its stack starts at `onSubmit` and the
        // error group it lands in keeps its fingerprint.
        onSubmit={(event) => {
          event.preventDefault();
          const fields = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
          const found = validateContact(fields);
          setErrors(found);
          if (Object.keys(found).length) {
            insights().track('Contact Form Invalid', { fields: Object.keys(found) });
            insights().captureError(new Error(`contact form invalid: ${Object.keys(found).join(', ')}`), {
              kind: 'validation',
              fields: Object.keys(found),
            });
            return;
          }
          onCreate(contactFrom(fields, nextId));
          insights().track('Contact Created', { source: 'form', has_phone: Boolean(fields.phone) });
          navigate(ROUTES.contacts);
        }}
      >
        {FIELDS.map(([name, label, type]) => (
          <ContactField key={name} name={name} label={label} type={type} error={errors[name]} />
        ))}
        <div className="actions">
          <button type="submit" className="primary">
            Create contact
          </button>
          <button type="button" onClick={() => navigate(ROUTES.contacts)}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

/** The new contact from the form's checked fields; the demo's user owns what they create. */
function contactFrom(fields: Record<string, string>, id: number): Contact {
  return {
    id,
    name: fields.name!,
    email: fields.email!,
    company: fields.company!,
    phone: fields.phone ?? '',
    owner: 'You',
  };
}

/** One labelled input with its validation error, announced and tied to the input, once the form was checked. */
function ContactField({ name, label, type, error }: { name: FieldName; label: string; type: string; error?: string }) {
  return (
    <label>
      {label}
      <input
        name={name}
        type={type}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
      />
      {error && (
        <span className="error" id={`${name}-error`} role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
