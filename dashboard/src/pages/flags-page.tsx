import { TableHead } from '../components/table-head.tsx';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { follow } from '../app.tsx';
import { Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { pageHref } from '../use-location.ts';
import { FlagDetail } from './flag-detail.tsx';

/** Flags: every flag with its rules; one flag's definition, history, diff between versions and staff's controls. */
export function FlagsPage({ location, role }: PageProps) {
  const config = useApi<FlagsConfig>('/flags/config');
  const selected = location.rest[0];
  return (
    <div class="grid">
      <Panel
        title="Flags"
        state={config}
        wide
        isEmpty={(data) => Object.keys(data.flags).length === 0}
        empty="No flags yet: start the server with a flags file (FLAGS_FILE) or add one via the API."
      >
        {(data) => (
          <table class="data">
            <TableHead columns={['Flag', 'Type', 'Default', 'Rules', 'Description']} />
            <tbody>
              {Object.entries(data.flags).map(([key, flag]) => (
                <tr key={key} data-flag={key}>
                  <th scope="row">
                    <a
                      href={pageHref(`flags/${encodeURIComponent(key)}`)}
                      onClick={follow}
                      aria-current={key === selected ? 'page' : undefined}
                    >
                      {key}
                    </a>
                  </th>
                  <td>{flag.type}</td>
                  <td>
                    <code>{JSON.stringify(flag.defaultValue)}</code>
                  </td>
                  <td>
                    {(flag.rules ?? [])
                      .map((rule) => rule.id ?? ('variations' in rule ? 'experiment' : 'force'))
                      .join(', ') || 'none'}
                  </td>
                  <td>{flag.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      {selected && config.status === 'ok' ? (
        <FlagDetail
          flagKey={selected}
          config={config.data}
          role={role}
          diff={location.params.get('diff')}
          onChanged={config.reload}
        />
      ) : null}
    </div>
  );
}
