/**
 * A small badge in the page's corner while overrides are active, so nobody mistakes a forced page for the real
 * one. Built by the content script with DOM calls (no innerHTML) inside a closed shadow root, so page styles
 * cannot hide it and page scripts cannot reach into it.
 */
export function createOverrideIndicator(document: Document) {
  let host: HTMLElement | undefined;
  let label: HTMLElement | undefined;
  return {
    /** Shows the count; `ignored` when the widget refused them (production mode without a valid token). */
    show(count: number, ignored = false): void {
      if (count <= 0) {
        this.hide();
        return;
      }
      if (!host) {
        host = document.createElement('crm-insights-overrides');
        const root = host.attachShadow({ mode: 'closed' });
        label = document.createElement('div');
        label.setAttribute('role', 'status');
        label.style.cssText =
          'position:fixed;right:8px;bottom:8px;z-index:2147483647;padding:3px 8px;border-radius:10px;background:#b4232c;color:#fff;font:12px/1.4 system-ui,sans-serif;pointer-events:none;opacity:.9';
        root.append(label);
      }
      label!.textContent = `crm-insights: ${count} override${count === 1 ? '' : 's'} ${ignored ? 'ignored by the page (production mode needs a signed token)' : 'active'}`;
      host.dataset.count = String(count);
      host.dataset.ignored = String(ignored);
      if (!host.isConnected) document.documentElement.append(host);
    },
    hide(): void {
      host?.remove();
    },
  };
}
