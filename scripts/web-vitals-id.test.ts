import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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
  it("keeps web-vitals' format: v5, the time in ms, 13 random digits", () => {
    const before = Date.now();
    const [, time, random] = /^v5-(\d{13})-(\d{13})$/.exec(generateUniqueID()) ?? [];
    expect(Number(time)).toBeGreaterThanOrEqual(before);
    expect(Number(time)).toBeLessThanOrEqual(Date.now());
    expect(Number(random)).toBeGreaterThanOrEqual(1e12);
    expect(generateUniqueID()).not.toBe(generateUniqueID());
  });

  it("swaps web-vitals' id module in the per-metric builds", async () => {
    const text = await bundle("export { onCLS } from 'web-vitals/attribution/onCLS.js';");
    expect(text).toContain('toFixed(0)');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: web-vitals' own source text, which must be gone
    expect(text).not.toContain('v5-${Date.now()}');
  });

  it('fails the build when web-vitals is bundled without the module to swap', async () => {
    await expect(bundle("export { onCLS } from 'web-vitals/attribution';")).rejects.toThrow(
      /generateUniqueID\.js was not found/,
    );
  });
});
