// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are TypeScript source text under test
import { describe, expect, it } from 'vitest';
import { debugCalls, stripDebugCalls } from './strip-debug.mjs';

describe('stripDebugCalls', () => {
  it.each([
    ["log.warn('no plan');", '(void 0);'],
    ['deps.log.warn(`survey ${id} not shown`, error);', '(void 0);'],
    ["environment.log?.warn('off', error);", '(void 0);'],
    ['host.warn?.(`a listener threw: ${String(error)}`);', '(void 0);'],
    ['warn(`data-x is not JSON`);', '(void 0);'],
    ["if (bad) return log.warn('needs an id', userId);", 'if (bad) return (void 0);'],
    ["const stop = () => log.warn('failed');", 'const stop = () => (void 0);'],
    // Always-on messages and anything not called `warn` stay.
    ["console.warn('[crm-insights] not started');", "console.warn('[crm-insights] not started');"],
    ["log.error('kept'); warner('kept');", "log.error('kept'); warner('kept');"],
    ['const warn = createLogger(debug).warn;', 'const warn = createLogger(debug).warn;'],
  ])('%s → %s', (source, expected) => {
    expect(stripDebugCalls(source, 'file.ts')).toBe(expected);
  });

  it('takes out a debug call nested in another as a whole, once', () => {
    const source = "log.warn('outer', log.warn('inner'));\nlog.warn('second');";
    expect(stripDebugCalls(source, 'file.ts')).toBe('(void 0);\n(void 0);');
    expect(debugCalls(source).map((call) => call.messages)).toEqual([['outer'], ['second']]);
  });

  it('reads the fixed parts of a template message, and understands TSX', () => {
    const source = 'const view = <p>{warn(`survey "${id}" not shown: ${reason}`)}</p>;';
    expect(debugCalls(source, 'view.tsx').map((call) => call.messages)).toEqual([['survey "', '" not shown: ', '']]);
    expect(stripDebugCalls(source, 'view.tsx')).toBe('const view = <p>{(void 0)}</p>;');
  });
});
