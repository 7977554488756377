import { DEBUG_BUILD } from './debug-log.ts';

let handedOver = false;

/**
 * In the production build, a script tag with `data-debug` hands over to the debug build beside it
 * (`insights.js` → `insights.debug.js`, same attributes and nonce) and returns true; the caller then does nothing
 * more. Should the debug build fail to load, `fallback` starts this (silent) build after all.
 */
export function handOverToDebugBuild(script: HTMLScriptElement, fallback: () => void): boolean {
  const debug = script.dataset.debug;
  if (DEBUG_BUILD || handedOver || debug === undefined || debug === 'false' || !script.src) return false;
  handedOver = true;
  const debugScript = document.createElement('script');
  // The integrity hash is the production file's; the debug file has its own bytes.
  for (const { name, value } of Array.from(script.attributes))
    if (name !== 'src' && name !== 'integrity') debugScript.setAttribute(name, value);
  // A nonce attribute reads back empty once applied (https://html.spec.whatwg.org/#nonce-attributes): copy the property.
  debugScript.nonce = script.nonce ?? '';
  debugScript.async = true;
  const url = new URL(script.src);
  url.pathname = url.pathname.replace(/(\.min)?\.js$/, '.debug.js');
  debugScript.src = url.href;
  debugScript.addEventListener('error', () => {
    debugScript.remove();
    try {
      console.warn(`[crm-insights] the debug build did not load from ${url.href}; started without debug messages`);
      fallback();
    } catch {
      // Never let a failure of ours escape into the host page.
    }
  });
  script.after(debugScript);
  return true;
}
