import type { Plugin } from 'vite';

/** Preact's one assignment of raw HTML: the `dangerouslySetInnerHTML` path of its DOM diff (minified names vary). */
const RAW_HTML_ASSIGNMENT = /\((\w+)\.innerHTML=(\w+)\.__html\)/g;

/**
 * Removes Preact's `dangerouslySetInnerHTML` support from the extension build: the panel renders page data (event
 * props, error messages, report text) and must never turn any of it into markup. It also leaves the Firefox build
 * with no `innerHTML` assignment for `web-ext lint` to warn about. Fails the build if Preact's code changed shape,
 * so the guard cannot silently lapse.
 */
export function noRawHtml(): Plugin {
  return {
    name: 'crm-insights:no-raw-html',
    enforce: 'pre',
    transform(code, id) {
      if (!/node_modules\/preact\/dist\/preact\.module\.js/.test(id)) return undefined;
      const matches = code.match(RAW_HTML_ASSIGNMENT)?.length ?? 0;
      if (matches !== 1)
        throw new Error(`no-raw-html: expected one dangerouslySetInnerHTML assignment in ${id}, found ${matches}`);
      return {
        code: code.replace(
          RAW_HTML_ASSIGNMENT,
          '(()=>{throw new Error("dangerouslySetInnerHTML is not available in the crm-insights extension")})()',
        ),
        map: null,
      };
    },
  };
}
