import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scrubText } from '../shared/scrub.ts';
import { generateUniqueID } from '../widget/src/capture/web-vitals-id.ts';
import { webVitalsIdPlugin } from './web-vitals-id.mjs';

const replacement = fileURLToPath(new URL('../widget/src/capture/web-vitals-id.ts', import.meta.url));
const bundle = async (contents: string) => {
  const result = await build({
    stdin: { contents, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    logLevel: 'silent',
    plugins: [webVitalsIdPlugin(replacement)],
  });
  return result.outputFiles[0]?.text ?? '';
};

describe('web-vitals metric ids', () => {
  it('gives ids of the time and a random number in base 36, with no digit run a scrubber takes for a card', () => {
    const before = Date.now();
    const id = generateUniqueID();
    const [, time, random] = /^v5-([0-9a-z]+)-([0-9a-z]+)$/.exec(id) ?? [];
    expect(Number.parseInt(time ?? '', 36)).toBeGreaterThanOrEqual(before);
    expect(Number.parseInt(time ?? '', 36)).toBeLessThanOrEqual(Date.now());
    expect(Number.parseInt(random ?? '', 36)).toBeLessThan(2 ** 52);
    expect(id).not.toMatch(/\d{13}/);
    expect(scrubText(id)).toBe(id);
    expect(new Set(Array.from({ length: 1000 }, generateUniqueID)).size).toBe(1000);
  });

  it("swaps web-vitals' id module in the per-metric builds", async () => {
    const text = await bundle("export { onCLS } from 'web-vitals/attribution/onCLS.js';");
    expect(text).toContain('toString(36)');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: web-vitals' own source text, which must be gone
    expect(text).not.toContain('v5-${Date.now()}');
  });

  it('fails the build when web-vitals is bundled without the module to swap', async () => {
    await expect(bundle("export { onCLS } from 'web-vitals/attribution';")).rejects.toThrow(
      /generateUniqueID\.js was not found/,
    );
  });
});
