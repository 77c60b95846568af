/**
 * Cross-origin isolation from the service worker, for static hosts that cannot send headers (GitHub Pages).
 *
 * tfjs-backend-wasm runs threads only where the page and the model worker are cross-origin isolated
 * (SharedArrayBuffer), which takes two response headers: COOP `same-origin` on the page and COEP
 * `require-corp` on the page and on each worker script (a dedicated worker takes its COEP from its own
 * script response, not from the page that starts it). This plugin adds both to every response the service
 * worker serves from its caches (precache, navigations, models, labels, photos). The first visit comes from
 * the network without them, so the page is isolated from the second load on (no forced reload); a server
 * that sends the headers itself (`vite preview`, `vite dev`) isolates the first load too.
 * All of the app's resources are same-origin, so `require-corp` blocks nothing of ours.
 */
import type { WorkboxPlugin } from 'workbox-core/types';

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** The response with both headers added; opaque and error responses (status 0) pass unchanged. */
export function withIsolationHeaders(response: Response): Response {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** On every strategy: the cached copy stays as fetched, the page gets the headers. */
export const isolationPlugin: WorkboxPlugin = {
  handlerWillRespond: async ({ response }) => withIsolationHeaders(response),
};
