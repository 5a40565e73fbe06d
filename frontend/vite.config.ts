import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// The Go server serves dist/ (embedded by embed.go) under a strict CSP:
// script-src 'self'; style-src 'self'. Everything the build emits is
// therefore a file: no inline scripts, no inline styles.
export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    // `npm run dev` next to a running server (`make run`, port 8080).
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
      '/readyz': 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
  },
});
