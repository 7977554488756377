// Swaps web-vitals' metric-id module for the widget's (widget/src/capture/web-vitals-id.ts: the same parts in base
// 36, which neither grow V8's number-to-string cache by 48 KB nor read as card numbers to the scrubber). The widget imports web-vitals' per-metric modules
// (`web-vitals/attribution/onLCP.js`…), which reach the id through `lib/initMetric.js`; the bundled single-file
// build (`web-vitals/attribution`) would inline it out of reach.

/** The esbuild plugin; fails the build if web-vitals was bundled but its id module was not found to swap. */
export function webVitalsIdPlugin(replacement) {
  return {
    name: 'web-vitals-id',
    setup(build) {
      let bundledWebVitals = false;
      let swapped = false;
      build.onResolve({ filter: /^\.\/generateUniqueID\.js$/ }, (args) => {
        if (!args.resolveDir.includes('node_modules/web-vitals/')) return undefined;
        swapped = true;
        return { path: replacement };
      });
      build.onLoad({ filter: /node_modules\/web-vitals\/.*\.js$/ }, () => {
        bundledWebVitals = true;
        return undefined;
      });
      build.onEnd((result) => {
        if (!bundledWebVitals || swapped || result.errors.length) return;
        throw new Error("web-vitals' lib/generateUniqueID.js was not found: update scripts/web-vitals-id.mjs");
      });
    },
  };
}
