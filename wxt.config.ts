import { defineConfig } from 'wxt';

// The extension is built with auto-imports off, so every module imports what it uses and the code it shares
// with the widget also builds with plain esbuild. Both browsers get Manifest V3. Every permission is justified in
// docs/extension.md; host access is optional and asked for at run time, per CRM site (Settings → CRM sites).
export default defineConfig({
  srcDir: 'extension',
  outDir: 'dist/extension',
  imports: false,
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'crm-insights for staff',
    description: 'Inspect crm-insights on CRM pages: flags and why, live vitals and events, bug reports with screenshots.',
    // storage: overrides, settings, the staff session. scripting: registers the content script for the granted CRM
    // sites. activeTab: a screenshot after a toolbar click when "Screenshots from the panel" is off.
    // (WXT adds `sidePanel` for Chrome and `sidebar_action` for Firefox from the sidepanel entrypoint.)
    permissions: ['storage', 'scripting', 'activeTab'],
    host_permissions: [],
    optional_host_permissions: ['<all_urls>'],
    action: { default_title: 'crm-insights' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'crm-insights@crm-insights.dev', strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } } } }
      : {}),
  }),
  vite: () => ({ esbuild: { jsx: 'automatic', jsxImportSource: 'preact' } }),
});
