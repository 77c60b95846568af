/**
 * The service worker: the app works offline after its first load (a workshop on conference Wi-Fi).
 *
 * Built by vite-plugin-pwa in injectManifest mode (workbox modules, our own routes): generateSW cannot
 * delete the runtime caches of an older deploy, which must go when the weights change.
 *
 * - Precached at install: the app shell only (index.html and the hashed JS/CSS/worker chunks under app/),
 *   listed by workbox in self.__WB_MANIFEST with revisions, so a deploy replaces exactly what changed.
 * - Cached on first use (CacheFirst): model.json and weight shards of the models actually opened, the label
 *   files, and the sample photos and thumbnails viewed (capped). Never the 1,000 photos or every model.
 * - Runtime caches are named with __CACHE_VERSION__ (app version + hash of the assets manifest, which pins
 *   every weight file's sha256) and with this deployment's scope; activate deletes this scope's other versions.
 *   A code-only deploy keeps the weights (same hash); new weights get a new cache.
 * - Everything is relative to registration.scope, so the app works under any sub-path.
 * - Every response from the caches gets COOP/COEP (isolation.ts), so the page is cross-origin isolated
 *   (wasm threads) from the second load on, even on a host that sends no headers.
 */
import { clientsClaim, setCacheNameDetails } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { isolationPlugin } from './isolation';

declare let self: ServiceWorkerGlobalScope;

const PREFIX = 'saliency-lab';
const scope = self.registration.scope; // e.g. https://example.org/course/saliency-lab/
// Several deployments can share an origin (GitHub Pages project sites): the scope keeps their caches apart.
const cacheName = (kind: string) => `${PREFIX}-${kind}-${__CACHE_VERSION__}@${scope}`;
const CACHES = {
  models: cacheName('models'),
  labels: cacheName('labels'),
  samples: cacheName('samples'),
  thumbs: cacheName('thumbs'),
};

setCacheNameDetails({ prefix: PREFIX });
// COOP/COEP on everything served from the caches (isolation.ts): wasm threads from the second load on.
addPlugins([isolationPlugin]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Any navigation to the app (with ?model=…&image=… and so on) gets the precached page.
const escaped = new URL(scope).pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), { allowlist: [new RegExp(`^${escaped}(index\\.html)?(\\?.*)?$`)] }),
);

const under = (prefix: string) => (url: URL) => url.href.startsWith(new URL(prefix, scope).href);
const labelFiles = (url: URL) => under('assets/labels/')(url) || url.href === new URL('assets/samples/index.json', scope).href;
// First match wins. Models and labels are content-stable within a cache version, so the cache answers
// without asking the network. Photos average 110 kB (100 of them: ~11 MB); thumbnails ~2.5 kB each.
const expire = (maxEntries: number) => new ExpirationPlugin({ maxEntries, purgeOnQuotaError: true });
const RULES: [match: (url: URL) => boolean, strategy: CacheFirst][] = [
  [under('assets/models/'), new CacheFirst({ cacheName: CACHES.models, plugins: [isolationPlugin] })],
  [labelFiles, new CacheFirst({ cacheName: CACHES.labels, plugins: [isolationPlugin] })],
  [under('assets/samples/'), new CacheFirst({ cacheName: CACHES.samples, plugins: [expire(100), isolationPlugin] })],
  [under('assets/thumbs/'), new CacheFirst({ cacheName: CACHES.thumbs, plugins: [expire(1000), isolationPlugin] })],
];
for (const [match, strategy] of RULES) registerRoute(({ url }) => match(url), strategy);

// {type: 'CACHE', urls} from the page: cache what it loaded before this worker controlled it (a first visit),
// through the same strategies. Unlike workbox's CACHE_URLS message, this replies even when a fetch fails
// (one boolean per URL), so the page never waits on a dead network.
self.addEventListener('message', (event) => {
  const data = event.data as { type?: string; urls?: string[] } | null;
  if (data?.type !== 'CACHE' || !Array.isArray(data.urls)) return;
  const done = Promise.allSettled(
    data.urls.map((u) => {
      const strategy = RULES.find(([match]) => match(new URL(u)))?.[1];
      return strategy ? strategy.handle({ request: new Request(u), event }) : Promise.reject(new Error(`${u} is not cached`));
    }),
  );
  event.waitUntil(done);
  void done.then((results) => event.ports[0]?.postMessage(results.map((r) => r.status === 'fulfilled')));
});

self.addEventListener('activate', (event) => {
  const keep = new Set(Object.values(CACHES));
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(
        names
          .filter((n) => n.startsWith(`${PREFIX}-`) && n.endsWith(`@${scope}`) && !keep.has(n))
          .map((n) => caches.delete(n)),
      ),
    ),
  );
});

// First visit: control the open page at once, so what it fetches from now on is cached. An update waits
// (old tabs keep a consistent old version) until the page asks for it (the badge's "reload" button).
clientsClaim();
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
