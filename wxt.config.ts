import { readFileSync } from 'node:fs';
import { defineConfig } from 'wxt';
import { noRawHtml } from './extension/build/no-raw-html.ts';

// The extension is built with auto-imports off, so every module imports what it uses and the code it shares
// with the widget also builds with plain esbuild. Both browsers get Manifest V3. Every permission is justified in
// docs/extension.md; host access is optional and asked for at run time, per CRM site (Settings → CRM sites).
const { workspaces } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  workspaces: string[];
};

export default defineConfig({
  srcDir: 'extension',
  outDir: 'dist/extension',
  // Icons (icon/16.png … icon/128.png, drawn by scripts/make-icons.mjs) are found here and named in the manifest.
  publicDir: 'extension/public',
  imports: false,
  // `wxt zip` (run by `npm run build`) writes the store packages beside the builds; Firefox's review also gets the
  // sources the extension is built from, and only those. `npm ci` needs every workspace's package.json that the
  // root package.json and its lock name, or it stops before installing anything, so those come too (not their code).
  zip: {
    artifactTemplate: 'crm-insights-{{version}}-{{browser}}.zip',
    sourcesTemplate: 'crm-insights-{{version}}-sources.zip',
    includeSources: [
      'extension/**',
      'shared/**',
      'wxt.config.ts',
      'tsconfig.json',
      'package.json',
      'package-lock.json',
      ...workspaces.map((workspace) => `${workspace}/package.json`),
    ],
  },
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'crm-insights for staff',
    description:
      'Inspect crm-insights on CRM pages: flags and why, live vitals and events, bug reports with screenshots.',
    // storage: overrides, settings, the staff session. scripting: registers the content script for the granted CRM
    // sites. activeTab: a screenshot after a toolbar click when "Screenshots from the panel" is off.
    // (WXT adds `sidePanel` for Chrome and `sidebar_action` for Firefox from the sidepanel entrypoint.)
    permissions: ['storage', 'scripting', 'activeTab'],
    host_permissions: [],
    optional_host_permissions: ['<all_urls>'],
    action: { default_title: 'crm-insights' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'crm-insights@crm-insights.dev',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  vite: () => ({ esbuild: { jsx: 'automatic', jsxImportSource: 'preact' }, plugins: [noRawHtml()] }),
});
