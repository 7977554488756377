import { DEBUG_BUILD } from './debug-log.ts';

let handedOver = false;

/**
 * In the production build, a script tag with `data-debug` hands over to the debug build beside it
 * (`insights.js` → `insights.debug.js`, same attributes and nonce) and returns true; the caller then does nothing
 * more. Should the debug build fail to load, `fallback` starts this (silent) build after all.
 */
export function handOverToDebugBuild(script: HTMLScriptElement, fallback: () => void): boolean {
  const debug = script.dataset.debug;
  if (DEBUG_BUILD || handedOver || debug === undefined || debug === 'false') return false;
  handedOver = true;
  // Not cloneNode: a clone of a script that ran is marked "already started" and never runs
  // (https://html.spec.whatwg.org/#script-processing-model).
  const debugScript = document.createElement('script');
  for (const { name, value } of Array.from(script.attributes)) debugScript.setAttribute(name, value);
  // The integrity hash is the production file's; and a nonce reads back empty once applied, so the property is copied.
  debugScript.removeAttribute('integrity');
  debugScript.nonce = script.nonce ?? '';
  debugScript.src = script.src.replace(/\.js(?=[?#]|$)/, '.debug.js');
  debugScript.onerror = () => {
    debugScript.remove();
    try {
      console.warn('[crm-insights] no debug build at', debugScript.src);
      fallback();
    } catch {
      // Never let a failure of ours escape into the host page.
    }
  };
  script.after(debugScript);
  return true;
}
