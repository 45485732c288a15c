import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiOrigin = process.env.API_ORIGIN ?? 'http://localhost:3000';

// Vite 8 compiles TSX with its built-in Oxc transform (automatic JSX runtime), so no React plugin is needed for the
// production build. The build must not inline scripts (the server's CSP forbids them): modulePreload's polyfill is
// an inline script, so it is off; every chunk is a file under /assets.
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // Lists each entry's chunks and imports: the bench reads it to weigh the overview's initial JavaScript.
    manifest: true,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // TanStack Query marks its modules "use client" (for React Server Components); meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // `vite dev` / `vite preview` forward the API to a running server (API_ORIGIN, default http://localhost:3000).
  server: { proxy: { '/api': apiOrigin } },
  preview: { proxy: { '/api': apiOrigin } },
});
