import { defineConfig } from 'wxt';
import { crmOrigins } from './extension/lib/crm-origins.ts';

// The extension is built with auto-imports off, so every module imports what it uses and the code it shares
// with the widget also builds with plain esbuild. Both browsers get Manifest V3.
export default defineConfig({
  srcDir: 'extension',
  outDir: 'dist/extension',
  imports: false,
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'crm-insights for staff',
    description: 'Inspect crm-insights on CRM pages: session, outbox, flags, live metrics, bug reports.',
    // scripting: the bug report asks the page's widget for its bundle. activeTab: captureVisibleTab needs it (or
    // <all_urls>, which we do not want); clicking the toolbar button on the CRM tab grants it for that tab.
    permissions: browser === 'firefox' ? ['storage', 'tabs', 'scripting', 'activeTab'] : ['storage', 'tabs', 'sidePanel', 'scripting', 'activeTab'],
    host_permissions: crmOrigins(process.env.CRM_ORIGINS),
    action: { default_title: 'crm-insights' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'crm-insights@crm-insights.dev', strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } } } }
      : {}),
  }),
  vite: () => ({ esbuild: { jsx: 'automatic', jsxImportSource: 'preact' } }),
});
