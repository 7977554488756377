import { useState } from 'preact/hooks';
import { Panel } from '../components/panel.tsx';
import { TableHead } from '../components/table-head.tsx';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { RuleEditor } from './operations-rule-editor.tsx';
import type { ShownRule } from './operations-rule-editor.tsx';
import { RuleRow } from './operations-rule-row.tsx';

const COLUMNS = ['Rule', 'Kind', 'Threshold', 'Window', 'Cooldown', 'Channels', 'State'];

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
  const changed = (text: string) => {
    setNotice(text);
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
            <AlertRulesTable
              rules={data.rules}
              staff={staff}
              editing={editing}
              onEdit={(id) => setEditing(editing === id ? undefined : id)}
              onSaved={saved}
              onChanged={changed}
            />
          ) : null}
        </>
      )}
    </Panel>
  );
}

/** The rules as a table, a row each (with the editor below the one being edited); staff get an Actions column. */
function AlertRulesTable({
  rules,
  staff,
  editing,
  onEdit,
  onSaved,
  onChanged,
}: {
  rules: ShownRule[];
  staff: boolean;
  editing: string | undefined;
  onEdit: (id: string) => void;
  onSaved: (rule: ShownRule) => void;
  onChanged: (notice: string) => void;
}) {
  return (
    <div class="scroll">
      <table class="data">
        <caption class="sr-only">Alert rules</caption>
        <TableHead columns={[...COLUMNS, ...(staff ? ['Actions'] : [])]} />
        <tbody>
          {rules.map((rule) => (
            <RuleRow
              key={rule.id}
              rule={rule}
              staff={staff}
              editing={editing === rule.id}
              onEdit={() => onEdit(rule.id)}
              onSaved={onSaved}
              onChanged={onChanged}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
