import { defineConfig } from 'vite';

// The storefront is built into the jar that the gateway serves it from: index.html at the root, everything else under
// /assets/ with a content hash in its name (cached for a year; a new build has new names).
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'target/classes/static',
    emptyOutDir: true,
    target: 'es2022',
    // no inline script anywhere: the Content-Security-Policy allows scripts from the gateway's own origin only
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: {
    // npm run dev: the API and Keycloak's configuration from the gateway of ./shop up
    proxy: { '/api': 'http://localhost:8080', '/storefront': 'http://localhost:8080' },
  },
});
