import { useState } from 'preact/hooks';
import { callApi } from '../api.ts';
import { formatTime } from '../components/format.ts';
import { ErrorNote, Panel } from '../components/panel.tsx';
import { TableHead } from '../components/table-head.tsx';
import type { PageProps } from '../page-props.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';
import { RuleEditor } from './operations-rule-editor.tsx';
import type { ShownRule } from './operations-rule-editor.tsx';
import type { ChannelDraft } from './operations-channels-editor.tsx';

/**
 * Alert rules: every rule with its kind, threshold, window, channels and state. Staff create, edit, enable or
 * disable, delete and send a test notification; a read key sees the same list without the controls.
 */
export function AlertRulesPanel({ role }: { role: PageProps['role'] }) {
  const rules = useApi<{ rules: ShownRule[] }>('/alerts/rules');
  const [editing, setEditing] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const staff = role === 'staff';
  const saved = (rule: ShownRule) => {
    setEditing(undefined);
    setNotice(`Saved “${rule.name}”.`);
    rules.reload();
  };
  return (
    <Panel
      title="Alert rules"
      state={rules}
      wide
      isEmpty={(data) => data.rules.length === 0 && editing !== 'new'}
      empty={
        staff
          ? 'No alert rules yet: “New rule” adds one (or ALERT_RULES_FILE; see docs/operations.md).'
          : 'No alert rules yet: staff add them here or with ALERT_RULES_FILE (see docs/operations.md).'
      }
      actions={
        staff && editing !== 'new' ? (
          <button type="button" class="primary" onClick={() => setEditing('new')}>
            New rule
          </button>
        ) : null
      }
    >
      {(data) => (
        <>
          {notice ? <p role="status">{notice}</p> : null}
          {editing === 'new' ? <RuleEditor onSaved={saved} onCancel={() => setEditing(undefined)} /> : null}
          {data.rules.length ? (
            <div class="scroll">
              <table class="data">
                <caption class="sr-only">Alert rules</caption>
                <TableHead
                  columns={[
                    'Rule',
                    'Kind',
                    'Threshold',
                    'Window',
                    'Cooldown',
                    'Channels',
                    'State',
                    ...(staff ? ['Actions'] : []),
                  ]}
                />
                <tbody>
                  {data.rules.map((rule) => (
                    <RuleRow
                      key={rule.id}
                      rule={rule}
                      staff={staff}
                      editing={editing === rule.id}
                      onEdit={() => setEditing(editing === rule.id ? undefined : rule.id)}
                      onSaved={saved}
                      onChanged={(text) => {
                        setNotice(text);
                        rules.reload();
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      )}
    </Panel>
  );
}

function RuleRow({
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
  const { failure, run } = useAction();
  const [confirming, setConfirming] = useState(false);
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
      (done) =>
        done &&
        onChanged(
          `Test notification queued to ${done.queued.length} channel${done.queued.length === 1 ? '' : 's'} of “${rule.name}”; the delivery log shows how it went.`,
        ),
    );
  return (
    <>
      <tr data-rule={rule.id}>
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
        {staff ? (
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
              {confirming ? (
                <>
                  <button type="button" class="danger" onClick={remove}>
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
              )}
            </div>
            {failure ? <ErrorNote status={failure.status} message={failure.message} /> : null}
          </td>
        ) : null}
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

/** The body a PUT takes for `rule` with `patch` applied: its fields, channels as shown (the API keeps their secrets). */
function ruleBody(rule: ShownRule, patch: Partial<ShownRule>): Record<string, unknown> {
  const { id: _id, source: _source, updatedAt: _updatedAt, ...fields } = { ...rule, ...patch };
  return fields;
}

function describeChannel(channel: ChannelDraft): string {
  if (channel.type === 'email') return `email ${channel.to.join(', ')}`;
  return `${channel.type} ${channel.url}`;
}
