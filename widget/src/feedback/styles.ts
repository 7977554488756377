/**
 * The feedback UI's styles, adopted into its shadow root as constructable stylesheets, so they need no `<style>`
 * element or style attribute and work under `style-src 'self'`. Colours, radius and font come from CSS variables the
 * host page can set on `crm-insights-feedback` (or pass as `theme`). Two sheets, in this order: `BUTTON_CSS` (the
 * button's variables, the floating button and focus), all the button shown alone (lone-button.ts) adopts, so the API chunk
 * that draws it carries no more; then `UI_CSS`, the rest of the UI.
 */
// Written compact: the core carries this sheet (the button shown alone before the feedback chunks load).
export const BUTTON_CSS = `:host{all:initial;--ci-accent:#2458d6;--ci-accent-text:#fff;--ci-font:system-ui,sans-serif;--ci-z:2147483000}
*{box-sizing:border-box;font-family:var(--ci-font)}
.fab{position:fixed;right:16px;bottom:16px;z-index:var(--ci-z);background:var(--ci-accent);color:var(--ci-accent-text);border:0;border-radius:999px;padding:10px 16px;font-size:14px;cursor:pointer;box-shadow:0 2px 8px #0003}
:focus-visible{outline:3px solid var(--ci-accent);outline-offset:2px}`;

/** The UI's styles after `BUTTON_CSS`: the rest of the variables, dialogs, forms, surveys, lists. */
export const UI_CSS = `
:host { --ci-bg: #fff; --ci-text: #1b1f24; --ci-muted: #5b6470; --ci-border: #c9ced6; --ci-radius: 8px; }
.backdrop { position: fixed; inset: 0; z-index: var(--ci-z); background: #0005; display: flex; align-items: flex-end; justify-content: flex-end; padding: 16px; }
.dialog { background: var(--ci-bg); color: var(--ci-text); border-radius: var(--ci-radius); width: min(420px, 100%); max-height: 90vh; overflow: auto;
  padding: 16px; font-size: 14px; box-shadow: 0 8px 32px #0004; animation: ci-in .15s ease-out; }
@keyframes ci-in { from { transform: translateY(8px); opacity: 0; } }
h2 { font-size: 16px; margin: 0 0 12px; }
.head { display: flex; justify-content: space-between; align-items: start; gap: 8px; }
button { font: inherit; cursor: pointer; border-radius: var(--ci-radius); border: 1px solid var(--ci-border); background: var(--ci-bg); color: var(--ci-text); padding: 6px 12px; }
button.primary { background: var(--ci-accent); color: var(--ci-accent-text); border-color: var(--ci-accent); }
button:disabled { opacity: .6; cursor: default; }
.close { border: 0; font-size: 18px; line-height: 1; padding: 4px 8px; }
fieldset { border: 0; padding: 0; margin: 0 0 12px; }
legend { margin-bottom: 8px; }
.scale { display: grid; grid-template-columns: repeat(11, 1fr); gap: 4px; }
.scale label { position: relative; display: block; }
.scale input { position: absolute; opacity: 0; inset: 0; margin: 0; }
.scale span { display: block; text-align: center; padding: 6px 0; border: 1px solid var(--ci-border); border-radius: 4px; }
.scale input:checked + span { background: var(--ci-accent); color: var(--ci-accent-text); border-color: var(--ci-accent); }
.scale input:focus-visible + span { outline: 3px solid var(--ci-accent); outline-offset: 2px; }
.ends { display: flex; justify-content: space-between; color: var(--ci-muted); font-size: 12px; margin-top: 4px; }
label.field { display: block; margin-bottom: 4px; }
textarea, input[type=text], select { width: 100%; font: inherit; padding: 6px; border: 1px solid var(--ci-border); border-radius: 4px; margin-bottom: 12px; background: var(--ci-bg); color: var(--ci-text); }
textarea { min-height: 80px; resize: vertical; }
.actions { display: flex; gap: 8px; justify-content: flex-end; }
.error { color: #b00020; }
.muted { color: var(--ci-muted); font-size: 12px; }
blockquote { margin: 8px 0; padding: 8px; border-left: 3px solid var(--ci-border); white-space: pre-wrap; overflow-wrap: anywhere; }
ol.requests { list-style: none; padding: 0; margin: 0 0 12px; }
ol.requests li { display: flex; justify-content: space-between; align-items: center; gap: 8px; padding: 6px 0; border-bottom: 1px solid var(--ci-border); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (prefers-reduced-motion: reduce) { * { animation: none !important; transition: none !important; } }
`;

/** Theme variables a page may set: `accent`, `accentText`, `background`, `text`, `muted`, `border`, `radius`, `font`, `zIndex`. */
const THEME_VARIABLES = {
  accent: '--ci-accent',
  accentText: '--ci-accent-text',
  background: '--ci-bg',
  text: '--ci-text',
  muted: '--ci-muted',
  border: '--ci-border',
  radius: '--ci-radius',
  font: '--ci-font',
  zIndex: '--ci-z',
} as const;
export type FeedbackTheme = Partial<Record<keyof typeof THEME_VARIABLES, string>>;

/**
 * The `:host` rule for a theme. Values that could close the rule (`;{}<`) are dropped, so a theme from
 * configuration can only set variables.
 */
export function themeCss(theme: FeedbackTheme | undefined): string {
  const declarations = Object.entries(theme ?? {})
    .filter(([key, value]) => key in THEME_VARIABLES && typeof value === 'string' && !/[;{}<\\]/.test(value))
    .map(([key, value]) => `${THEME_VARIABLES[key as keyof typeof THEME_VARIABLES]}: ${value};`);
  return declarations.length ? `:host { ${declarations.join(' ')} }` : '';
}
