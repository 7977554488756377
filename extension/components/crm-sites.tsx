import { onSubmit } from './on-submit.ts';
import type { TabProps } from './panel-tabs.ts';
import { useCrmSites } from './use-crm-sites.ts';

/** The sites added so far, each with its remove button. */
function SiteList({ sites, remove }: { sites: string[]; remove: (site: string) => Promise<void> }) {
  if (!sites.length) return <p class="muted">No CRM site yet: the extension reads no page until you add one.</p>;
  return (
    <ul class="sites" data-testid="crm-sites">
      {sites.map((site) => (
        <li key={site}>
          <code>{site}</code>{' '}
          <button type="button" class="link" onClick={() => void remove(site)}>
            remove
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The opt-in to screenshots without a toolbar click first, which takes access to all sites. */
function ScreenshotsCheckbox({ checked, allow }: { checked: boolean; allow: (wanted: boolean) => void }) {
  return (
    <label class="check">
      <input
        type="checkbox"
        data-testid="allow-screenshots"
        checked={checked}
        onChange={(event) => allow((event.target as HTMLInputElement).checked)}
      />
      Screenshots from the panel (Chrome lets an extension capture a tab only with access to all sites, or after a click
      on its toolbar button)
    </label>
  );
}

/** The CRM sites the content script runs on: each asked for as an optional host permission, at run time. */
export function CrmSites({ api, origin }: TabProps) {
  const { sites, text, setText, message, screenshots, add, remove, allowScreenshots } = useCrmSites(api);
  return (
    <fieldset>
      <legend>CRM sites</legend>
      <SiteList sites={sites} remove={remove} />
      {origin && !sites.includes(origin) && /^https?:/.test(origin) ? (
        <button type="button" data-testid="add-this-site" onClick={() => void add(origin)}>
          Add {origin}
        </button>
      ) : null}
      <form class="row" onSubmit={onSubmit(() => add(text))}>
        <input
          aria-label="CRM site"
          data-testid="crm-site-input"
          placeholder="https://crm.example.com"
          value={text}
          onInput={(event) => setText((event.target as HTMLInputElement).value)}
        />
        <button type="submit" data-testid="crm-site-add">
          Add
        </button>
      </form>
      <ScreenshotsCheckbox checked={screenshots} allow={allowScreenshots} />
      {message ? <p role="status">{message}</p> : null}
    </fieldset>
  );
}
