import { Connection } from './connection.tsx';
import { CrmSites } from './crm-sites.tsx';
import type { TabProps } from './panel-tabs.ts';

/** Settings: the server connection and the CRM sites. */
export function SettingsTab(props: TabProps) {
  return (
    <section class="settings">
      <Connection {...props} />
      <CrmSites {...props} />
    </section>
  );
}
