import { useEffect, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import { settingsItem } from '../lib/storage-items.ts';
import type { ExtensionSettings } from '../lib/storage-items.ts';

/** The API endpoint, production mode, and the staff token (write-only: handed to the background, never shown again). */
export function SettingsTab({ api }: { api: WxtBrowser }) {
  const [settings, setSettings] = useState<ExtensionSettings | undefined>();
  const [token, setToken] = useState('');
  const [tokenSet, setTokenSet] = useState(false);
  const [message, setMessage] = useState('');
  useEffect(() => {
    void settingsItem.getValue().then(setSettings);
    void api.runtime.sendMessage({ type: 'has-staff-token' }).then((answer) => setTokenSet(!!(answer as { set?: boolean } | undefined)?.set), () => undefined);
  }, [api]);
  if (!settings) return null;
  const save = async (next: ExtensionSettings) => {
    if (next.endpoint && !/^https?:\/\/[^\s]+$/.test(next.endpoint)) {
      setMessage('The API endpoint must be an http(s) URL such as https://insights.example.com/api.');
      return;
    }
    setSettings(next);
    await settingsItem.setValue(next);
    setMessage('Saved.');
  };
  return (
    <form class="settings" onSubmit={(event) => event.preventDefault()}>
      <label>
        API endpoint
        <input
          type="url"
          data-testid="settings-endpoint"
          value={settings.endpoint}
          placeholder="https://insights.example.com/api"
          onChange={(event) => void save({ ...settings, endpoint: (event.target as HTMLInputElement).value.trim() })}
        />
      </label>
      <label>
        <input
          type="checkbox"
          data-testid="settings-production"
          checked={settings.productionMode}
          onChange={(event) => void save({ ...settings, productionMode: (event.target as HTMLInputElement).checked })}
        />
        Production mode (ask the API for a signed override token with every override)
      </label>
      <label>
        Staff token {tokenSet ? '(set)' : '(not set)'}
        <input type="password" autocomplete="off" value={token} onInput={(event) => setToken((event.target as HTMLInputElement).value)} />
      </label>
      <button
        type="button"
        onClick={() =>
          void api.runtime.sendMessage({ type: 'set-staff-token', token }).then(() => {
            setToken('');
            setTokenSet(token.trim().length > 0);
            setMessage('Staff token saved.');
          })
        }
      >
        Save staff token
      </button>
      {message ? <p role="status">{message}</p> : null}
    </form>
  );
}
