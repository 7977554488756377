// Vite's own JSX transform (esbuild) is enough for this app; no plugin needed.
export default { esbuild: { jsx: 'automatic' }, build: { sourcemap: true } };
