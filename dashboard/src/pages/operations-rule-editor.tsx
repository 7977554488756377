import { useState } from 'preact/hooks';
import { ApiError, callApi } from '../api.ts';
import { ALERT_KINDS, KIND_DEFAULTS } from '../../../server/src/alerts/alert-kinds.ts';
import type { AlertKind } from '../../../server/src/alerts/alert-kinds.ts';
import { ChannelsEditor } from './operations-channels-editor.tsx';
import type { ChannelDraft } from './operations-channels-editor.tsx';

/** A rule as `GET /api/alerts/rules` shows it (channel secrets redacted). */
export interface ShownRule {
  id: string;
  name: string;
  kind: AlertKind;
  threshold?: number;
  windowMinutes?: number;
  minCount?: number;
  metric?: string;
  route?: string;
  cooldownMinutes: number;
  enabled: boolean;
  channels: ChannelDraft[];
  source: 'api' | 'file';
  updatedAt: number;
}

const NUMBERS = ['threshold', 'windowMinutes', 'minCount', 'cooldownMinutes'] as const;
const TEXTS = ['metric', 'route'] as const;
const FIELDS = ['name', 'kind', ...NUMBERS, ...TEXTS, 'channels'] as const;
type Field = (typeof FIELDS)[number] | 'form';

/**
 * Splits the API's refusal (`invalid alert rule: name: must not be empty; channels.0.url: must be a URL`) by the
 * form field each problem belongs to; what names no field (a 409, a 403) goes to the form.
 */
export function ruleProblemsByField(error: ApiError): Partial<Record<Field, string[]>> {
  const found: Partial<Record<Field, string[]>> = {};
  const text = error.message.replace(/^invalid alert rule: /, '');
  const parts = text === error.message ? [text] : text.split('; ');
  for (const part of parts) {
    const field = FIELDS.find((name) => part.startsWith(`${name}:`) || part.startsWith(`${name}.`));
    const key = field ?? 'form';
    found[key] = [...(found[key] ?? []), part];
  }
  return found;
}

/**
 * Staff's editor for one alert rule (a new one when `rule` is absent): every field of the API's rule, sent to
 * `POST /api/alerts/rules` or `PUT /api/alerts/rules/:id`, the API's problems shown under their field. Channels
 * come back as reads showed them; the API keeps their stored URL and secret.
 */
export function RuleEditor({
  rule,
  onSaved,
  onCancel,
}: {
  rule?: ShownRule;
  onSaved: (saved: ShownRule) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(rule?.name ?? '');
  const [kind, setKind] = useState<AlertKind>(rule?.kind ?? 'error.spike');
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      [...NUMBERS, ...TEXTS].map((field) => [field, rule?.[field] === undefined ? '' : String(rule[field])]),
    ),
  );
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [channels, setChannels] = useState<ChannelDraft[]>(rule?.channels ?? []);
  const [problems, setProblems] = useState<Partial<Record<Field, string[]>>>({});
  const [saving, setSaving] = useState(false);
  const prefix = rule ? `rule-${rule.id}` : 'rule-new';
  const save = async (event: Event) => {
    event.preventDefault();
    const body: Record<string, unknown> = { name, kind, enabled, channels };
    for (const field of NUMBERS) if (values[field] !== '') body[field] = Number(values[field]);
    for (const field of TEXTS) if (values[field]!.trim() !== '') body[field] = values[field]!.trim();
    setSaving(true);
    try {
      const saved = rule
        ? await callApi<ShownRule>('PUT', `/api/alerts/rules/${encodeURIComponent(rule.id)}`, body)
        : await callApi<ShownRule>('POST', '/api/alerts/rules', body);
      setProblems({});
      onSaved(saved);
    } catch (error) {
      setProblems(error instanceof ApiError ? ruleProblemsByField(error) : { form: [String(error)] });
    } finally {
      setSaving(false);
    }
  };
  const messages = (field: Field) =>
    problems[field] ? (
      // The alert role on a wrapper: on the list itself it would take the list's semantics from its items.
      <div id={`${prefix}-problem-${field}`} role="alert">
        <ul class="field-error">
          {problems[field]!.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      </div>
    ) : null;
  const invalid = (field: Field) =>
    problems[field] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${prefix}-problem-${field}` } : {};
  const defaults = KIND_DEFAULTS[kind];
  const hint: Record<string, string> = {
    threshold: `${defaults.unit}; default ${defaults.threshold}`,
    windowMinutes: `default ${defaults.windowMinutes}`,
    minCount: `default ${defaults.minCount}`,
    cooldownMinutes: 'default 60',
    metric:
      kind === 'vitals.p75'
        ? 'LCP, INP, CLS, FCP or TTFB (default LCP)'
        : kind === 'ingest.errors'
          ? '5xx or 429'
          : 'not used by this kind',
    route:
      kind === 'vitals.p75' ? 'one route template, e.g. /contacts/:id; empty: every route' : 'not used by this kind',
  };
  const label: Record<string, string> = {
    threshold: 'Threshold',
    windowMinutes: 'Window (minutes)',
    minCount: 'Minimum count',
    cooldownMinutes: 'Cooldown (minutes)',
    metric: 'Metric',
    route: 'Route',
  };
  return (
    <form
      class="stacked rule-editor"
      onSubmit={save}
      aria-label={rule ? `Edit alert rule ${rule.name}` : 'New alert rule'}
    >
      {messages('form')}
      <label for={`${prefix}-name`}>Name</label>
      <input
        id={`${prefix}-name`}
        value={name}
        onInput={(event) => setName(event.currentTarget.value)}
        {...invalid('name')}
      />
      {messages('name')}
      <label for={`${prefix}-kind`}>Kind</label>
      <select
        id={`${prefix}-kind`}
        value={kind}
        onChange={(event) => setKind(event.currentTarget.value as AlertKind)}
        {...invalid('kind')}
      >
        {ALERT_KINDS.map((each) => (
          <option key={each} value={each}>
            {each}
          </option>
        ))}
      </select>
      {messages('kind')}
      {[...NUMBERS, ...TEXTS].map((field) => (
        <div key={field} class="field">
          <label for={`${prefix}-${field}`}>{label[field]}</label>{' '}
          <span class="muted" id={`${prefix}-hint-${field}`}>
            {hint[field]}
          </span>
          <input
            id={`${prefix}-${field}`}
            {...((NUMBERS as readonly string[]).includes(field) ? { type: 'number', step: 'any' } : { type: 'text' })}
            value={values[field]}
            aria-describedby={`${prefix}-hint-${field}`}
            onInput={(event) => setValues({ ...values, [field]: event.currentTarget.value })}
            {...invalid(field as Field)}
          />
          {messages(field as Field)}
        </div>
      ))}
      <label>
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.currentTarget.checked)} />{' '}
        Enabled
      </label>
      <ChannelsEditor prefix={prefix} channels={channels} onChange={setChannels} />
      {messages('channels')}
      <div class="actions">
        <button type="submit" class="primary" disabled={saving}>
          {saving ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
