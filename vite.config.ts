import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { wasmThreadsPlugin } from './scripts/wasm-threads-plugin.mjs';
import { ISOLATION_HEADERS } from './src/sw/isolation.ts';

const read = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');
const APP_VERSION: string = JSON.parse(read('./package.json')).version;
// The assets manifest pins every model/label/photo file by sha256: its hash changes exactly when they do.
const ASSETS_HASH = createHash('sha256').update(read('./scripts/assets-manifest.json')).digest('hex').slice(0, 8);

/**
 * Content-Security-Policy for the built app: everything from its own origin, nothing else. A photo never
 * leaves the machine, and a bug or a dependency cannot send it anywhere either. Only in builds: the dev
 * server injects inline scripts for hot reload. 'wasm-unsafe-eval' lets a WebAssembly fallback compile;
 * 'unsafe-inline' styles are React's style attributes; blob: covers downloads and decoded images.
 * wasm threads need no blob: here, though tfjs starts each pthread as a blob: worker that importScripts() a
 * blob: copy of its factory: they are started by the model worker, and this <meta> policy governs the page
 * only (a worker takes its CSP from its own script's response, which carries none; checked with
 * e2e/wasm-threads.spec.ts against this policy). A host that sends this CSP as a header on the worker
 * scripts too would have to add blob: to script-src and worker-src.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

const cspPlugin: Plugin = {
  name: 'saliency-lab-csp',
  apply: 'build',
  transformIndexHtml: (html) => html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
};

// Relative base so the static build works under any sub-path (GitHub Pages, a course site folder).
export default defineConfig({
  base: './',
  define: {
    __APP_VERSION__: JSON.stringify(APP_VERSION),
    __CACHE_VERSION__: JSON.stringify(`${APP_VERSION}-${ASSETS_HASH}`),
  },
  plugins: [
    react(),
    cspPlugin,
    // Offline support (src/sw/sw.ts). vite-plugin-pwa 2 supports vite 8 and wraps workbox; injectManifest
    // so that the worker can version and delete its runtime caches. Registered by src/app/register-sw.ts in
    // production builds only: no service worker under `vite dev`.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      devOptions: { enabled: false },
      injectManifest: {
        // The app shell only; models, labels and photos under assets/ are cached when used.
        globPatterns: ['index.html', 'app/**/*.{js,css,wasm}'],
        // The model worker chunk (tfjs) is ~2.1 MB, over workbox's 2 MiB default.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
    }),
  ],
  // Cross-origin isolation (COOP/COEP, for wasm threads) on the dev and preview servers; on a static host
  // the service worker adds the same headers (src/sw/isolation.ts).
  server: { headers: ISOLATION_HEADERS },
  // The model worker bundles tfjs: the threaded wasm factory must survive minification there.
  worker: { format: 'es', plugins: () => [wasmThreadsPlugin()] },
  build: { target: 'es2022', assetsDir: 'app', chunkSizeWarningLimit: 4000 },
  preview: { port: 4173, strictPort: true, headers: ISOLATION_HEADERS },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.mjs'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
