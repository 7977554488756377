// Vite's defaults, with its own JSX transform (esbuild): no plugin needed for this app.
export default { esbuild: { jsx: 'automatic' } };
