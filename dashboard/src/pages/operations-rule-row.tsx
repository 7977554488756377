import { useState } from 'preact/hooks';
import { callApi } from '../api.ts';
import { formatTime } from '../components/format.ts';
import { ErrorNote } from '../components/panel.tsx';
import { useAction } from '../use-action.ts';
import type { ChannelDraft } from './operations-channels-editor.tsx';
import { RuleEditor } from './operations-rule-editor.tsx';
import type { ShownRule } from './operations-rule-editor.tsx';

/** One alert rule as a table row with staff's controls, and the rule's editor in a row below it while editing. */
export function RuleRow({
  rule,
  staff,
  editing,
  onEdit,
  onSaved,
  onChanged,
}: {
  rule: ShownRule;
  staff: boolean;
  editing: boolean;
  onEdit: () => void;
  onSaved: (rule: ShownRule) => void;
  onChanged: (notice: string) => void;
}) {
  return (
    <>
      <tr data-rule={rule.id}>
        <RuleCells rule={rule} />
        {staff ? <RuleControls rule={rule} editing={editing} onEdit={onEdit} onChanged={onChanged} /> : null}
      </tr>
      {editing ? (
        <tr>
          <td colSpan={8}>
            <RuleEditor rule={rule} onSaved={onSaved} onCancel={onEdit} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The rule's cells: name and origin, kind, threshold, window, cooldown, channels and whether it is enabled. */
function RuleCells({ rule }: { rule: ShownRule }) {
  return (
    <>
      <td>
        <strong>{rule.name}</strong>
        <br />
        <span class="muted">
          {rule.id} · {rule.source === 'file' ? 'from ALERT_RULES_FILE' : 'API'} · {formatTime(rule.updatedAt)}
        </span>
      </td>
      <td>
        {rule.kind}
        {rule.metric ? ` (${rule.metric})` : ''}
        {rule.route ? ` on ${rule.route}` : ''}
      </td>
      <td>{rule.threshold ?? 'default'}</td>
      <td>{rule.windowMinutes === undefined ? 'default' : `${rule.windowMinutes} min`}</td>
      <td>{rule.cooldownMinutes} min</td>
      <td>{rule.channels.length ? rule.channels.map(describeChannel).join(', ') : 'none'}</td>
      <td>{rule.enabled ? 'enabled' : <span class="badge">disabled</span>}</td>
    </>
  );
}

/** Staff's cell of a rule: edit, enable or disable, send a test notification, delete; and the API's refusal. */
function RuleControls({
  rule,
  editing,
  onEdit,
  onChanged,
}: {
  rule: ShownRule;
  editing: boolean;
  onEdit: () => void;
  onChanged: (notice: string) => void;
}) {
  const { failure, toggle, remove, test } = useRuleActions(rule, onChanged);
  return (
    <td>
      <div class="actions">
        <button type="button" onClick={onEdit} aria-expanded={editing}>
          {editing ? 'Close editor' : 'Edit'}
        </button>
        <button type="button" onClick={toggle}>
          {rule.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" onClick={test} disabled={!rule.channels.length}>
          Send test notification
        </button>
        <DeleteButtons onConfirm={remove} />
      </div>
      {failure ? <ErrorNote status={failure.status} message={failure.message} /> : null}
    </td>
  );
}

/** Delete, asked twice: "Delete" turns into "Confirm delete" and "Keep". */
function DeleteButtons({ onConfirm }: { onConfirm: () => void }) {
  const [confirming, setConfirming] = useState(false);
  return confirming ? (
    <>
      <button type="button" class="danger" onClick={onConfirm}>
        Confirm delete
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </>
  ) : (
    <button type="button" onClick={() => setConfirming(true)}>
      Delete
    </button>
  );
}

/** Staff's changes to one rule through the API, each telling `onChanged` what it did; the last refusal as `failure`. */
function useRuleActions(rule: ShownRule, onChanged: (notice: string) => void) {
  const { failure, run } = useAction();
  const path = `/api/alerts/rules/${encodeURIComponent(rule.id)}`;
  const toggle = () =>
    run(() => callApi('PUT', path, ruleBody(rule, { enabled: !rule.enabled }))).then(
      (done) => done && onChanged(`${rule.enabled ? 'Disabled' : 'Enabled'} “${rule.name}”.`),
    );
  const remove = () =>
    run(async () => {
      await callApi('DELETE', path);
      return true;
    }).then((done) => done && onChanged(`Deleted “${rule.name}”.`));
  const test = () =>
    run(() => callApi<{ queued: unknown[] }>('POST', `${path}/test`)).then(
      (done) => done && onChanged(testQueuedNotice(rule, done.queued.length)),
    );
  return { failure, toggle, remove, test };
}

/** What a test notification did: how many of the rule's channels it was queued to, and where to see how it went. */
function testQueuedNotice(rule: ShownRule, channels: number): string {
  return `Test notification queued to ${channels} channel${channels === 1 ? '' : 's'} of “${rule.name}”; the delivery log shows how it went.`;
}

/** The body a PUT takes for `rule` with `patch` applied: its fields, channels as shown (the API keeps their secrets). */
function ruleBody(rule: ShownRule, patch: Partial<ShownRule>): Record<string, unknown> {
  const { id: _id, source: _source, updatedAt: _updatedAt, ...fields } = { ...rule, ...patch };
  return fields;
}

/** A channel in a few words: its type and where it goes. */
function describeChannel(channel: ChannelDraft): string {
  if (channel.type === 'email') return `email ${channel.to.join(', ')}`;
  return `${channel.type} ${channel.url}`;
}
