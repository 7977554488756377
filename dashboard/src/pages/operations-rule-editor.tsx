import { useState } from 'preact/hooks';
import { ApiError, callApi } from '../api.ts';
import type { AlertKind } from '../../../server/src/alerts/alert-kinds.ts';
import { ChannelsEditor } from './operations-channels-editor.tsx';
import type { ChannelDraft } from './operations-channels-editor.tsx';
import {
  NUMBERS,
  RuleFieldProblems,
  RuleKindField,
  RuleNameField,
  RuleSettingFields,
  SETTINGS,
  TEXTS,
} from './operations-rule-fields.tsx';

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

const FIELDS = ['name', 'kind', ...SETTINGS, 'channels'] as const;
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
  const draft = useRuleDraft(rule);
  const { problems, saving, save } = useRuleSave(rule, draft, onSaved);
  const prefix = rule ? `rule-${rule.id}` : 'rule-new';
  return (
    <form
      class="stacked rule-editor"
      onSubmit={save}
      aria-label={rule ? `Edit alert rule ${rule.name}` : 'New alert rule'}
    >
      <RuleFieldProblems prefix={prefix} field="form" problems={problems} />
      <RuleNameField prefix={prefix} name={draft.name} problems={problems} onChange={draft.setName} />
      <RuleKindField prefix={prefix} kind={draft.kind} problems={problems} onChange={draft.setKind} />
      <RuleSettingFields
        prefix={prefix}
        kind={draft.kind}
        values={draft.values}
        problems={problems}
        onChange={draft.setValues}
      />
      <label>
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(event) => draft.setEnabled(event.currentTarget.checked)}
        />{' '}
        Enabled
      </label>
      <ChannelsEditor prefix={prefix} channels={draft.channels} onChange={draft.setChannels} />
      <RuleFieldProblems prefix={prefix} field="channels" problems={problems} />
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

/** What the editor holds of a rule while staff change it: every setting as typed, starting from `rule`'s. */
function useRuleDraft(rule: ShownRule | undefined) {
  const [name, setName] = useState(rule?.name ?? '');
  const [kind, setKind] = useState<AlertKind>(rule?.kind ?? 'error.spike');
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(SETTINGS.map((field) => [field, rule?.[field] === undefined ? '' : String(rule[field])])),
  );
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [channels, setChannels] = useState<ChannelDraft[]>(rule?.channels ?? []);
  return { name, setName, kind, setKind, values, setValues, enabled, setEnabled, channels, setChannels };
}

type RuleDraft = ReturnType<typeof useRuleDraft>;

/** Saving the draft: the form's submit handler, whether a save is under way, and the API's problems with the last. */
function useRuleSave(rule: ShownRule | undefined, draft: RuleDraft, onSaved: (saved: ShownRule) => void) {
  const [problems, setProblems] = useState<Partial<Record<Field, string[]>>>({});
  const [saving, setSaving] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    const body = ruleRequestBody(draft);
    setSaving(true);
    try {
      const saved = await sendRule(rule, body);
      setProblems({});
      onSaved(saved);
    } catch (error) {
      setProblems(error instanceof ApiError ? ruleProblemsByField(error) : { form: [String(error)] });
    } finally {
      setSaving(false);
    }
  };
  return { problems, saving, save };
}

/** The rule the API takes from a draft: numbers as numbers, texts trimmed, and blank settings left out. */
function ruleRequestBody({ name, kind, enabled, channels, values }: RuleDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { name, kind, enabled, channels };
  for (const field of NUMBERS) if (values[field] !== '') body[field] = Number(values[field]);
  for (const field of TEXTS) if (values[field]!.trim() !== '') body[field] = values[field]!.trim();
  return body;
}

/** Replaces `rule` with `body`, or creates a rule from it when there is no `rule`; answers the rule as saved. */
function sendRule(rule: ShownRule | undefined, body: Record<string, unknown>): Promise<ShownRule> {
  return rule
    ? callApi<ShownRule>('PUT', `/api/alerts/rules/${encodeURIComponent(rule.id)}`, body)
    : callApi<ShownRule>('POST', '/api/alerts/rules', body);
}
