/**
 * Offline support, page side. Registers the service worker (src/sw/sw.ts) in production builds only, and
 * keeps an honest status for the header's OfflineBadge.
 *
 * On a first visit the model worker downloads the weights before the service worker exists, so nothing
 * would be cached: once the model is ready, this asks the service worker (a {type: 'CACHE'} message, served
 * by its CacheFirst strategies) to cache the current model, the label files, the current sample photo and
 * the thumbnails shown, whichever caches.match() does not find. The re-fetch is usually answered by the
 * HTTP cache. "ready" is reported
 * only after caches.match() finds the model's model.json and every weight shard it lists.
 */
import { isBuiltinModelId, MODELS, modelUrl } from '../shared/models/registry';
import { currentSource } from '../client/source';
import { getApp, useApp } from '../client/store';

export type OfflineState = 'ready' | 'caching' | 'unsupported' | 'offline';

export interface OfflineStatus {
  state: OfflineState;
  /** Why unsupported: the browser (no service worker or Cache Storage, e.g. plain http) or the dev server. */
  reason: 'browser' | 'dev' | null;
  /** A newer deploy is installed and waits for this page to ask for it. */
  updateReady: boolean;
}

const base = new URL('./', document.baseURI).href;
const LABEL_FILES = ['assets/samples/index.json', 'assets/labels/imagenet-labels.json'];
const RETRY_MS = 30_000;
/** The worker always replies; this only guards against one replaced mid-way. caches.match() decides anyway. */
const REPLY_TIMEOUT_MS = 300_000;

let facts = { reason: null as OfflineStatus['reason'], online: navigator.onLine, cached: false, updateReady: false };
let status: OfflineStatus = derive();
const listeners = new Set<() => void>();
let waiting: ServiceWorker | null = null;

function derive(): OfflineStatus {
  const { reason, online, cached, updateReady } = facts;
  const state: OfflineState = reason ? 'unsupported' : !online ? 'offline' : cached ? 'ready' : 'caching';
  return { state, reason, updateReady };
}

function set(patch: Partial<typeof facts>): void {
  facts = { ...facts, ...patch };
  const next = derive();
  if (next.state === status.state && next.reason === status.reason && next.updateReady === status.updateReady) return;
  status = next;
  listeners.forEach((l) => l());
}

/** For useSyncExternalStore. */
export function subscribeOffline(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export function getOfflineStatus(): OfflineStatus {
  return status;
}

/** Activates the waiting deploy and reloads into it. */
export function applyUpdate(): void {
  if (!waiting) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  waiting.postMessage({ type: 'SKIP_WAITING' });
}

function cacheUrls(sw: ServiceWorker, urls: string[]): Promise<void> {
  if (urls.length === 0 || !navigator.onLine) return Promise.resolve();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(resolve, REPLY_TIMEOUT_MS);
    channel.port1.onmessage = () => {
      clearTimeout(timer);
      resolve();
    };
    sw.postMessage({ type: 'CACHE', urls }, [channel.port2]);
  });
}

const missing = async (urls: string[]) => (await Promise.all(urls.map(async (u) => ((await caches.match(u)) ? null : u)))).filter((u): u is string => u !== null);

/** Caches what the page uses now; true when the current model is entirely in Cache Storage. */
async function ensureCached(sw: ServiceWorker): Promise<boolean> {
  const { modelId, model } = getApp();
  // Not while the worker is still downloading: that would fetch the weights twice.
  if (model.status !== 'ready') return false;
  // An uploaded model lives in this tab's memory only: the page around it is cached, the default model's weights are not fetched for it.
  const jsonUrl = isBuiltinModelId(modelId) ? modelUrl(MODELS[modelId], base) : null;
  const source = currentSource();
  const thumbs = Array.from(document.querySelectorAll<HTMLImageElement>('img[src*="assets/thumbs/"]'))
    .filter((img) => img.complete && img.naturalWidth > 0)
    .map((img) => img.src);
  const used = [...(jsonUrl ? [jsonUrl] : []), ...LABEL_FILES.map((f) => new URL(f, base).href), ...(source?.kind === 'sample' ? [source.url] : []), ...thumbs];
  await cacheUrls(sw, await missing(used));
  if (!jsonUrl) return (await missing(used)).length === 0;

  const json = await caches.match(jsonUrl);
  if (!json) return false;
  const manifest = ((await json.json()) as { weightsManifest?: { paths: string[] }[] }).weightsManifest ?? [];
  const shards = manifest.flatMap((group) => group.paths.map((p) => new URL(p, jsonUrl).href));
  await cacheUrls(sw, await missing(shards));
  return shards.length > 0 && (await missing(shards)).length === 0;
}

let registration: ServiceWorkerRegistration | null = null;
let running = false;
let again = false;
let retry: ReturnType<typeof setTimeout> | undefined;
async function sync(): Promise<void> {
  if (!registration) return;
  if (running) {
    again = true;
    return;
  }
  running = true;
  clearTimeout(retry);
  try {
    do {
      again = false;
      const sw = registration.active;
      set({ cached: sw ? await ensureCached(sw).catch(() => false) : false });
    } while (again);
  } finally {
    running = false;
  }
  if (!facts.cached && getApp().model.status === 'ready') retry = setTimeout(() => void sync(), RETRY_MS);
}

function watchUpdates(reg: ServiceWorkerRegistration): void {
  const check = () => {
    // Only an update: on a first visit there is no controller and the new worker activates by itself.
    if (reg.waiting && navigator.serviceWorker.controller) {
      waiting = reg.waiting;
      set({ updateReady: true });
    }
  };
  check();
  reg.addEventListener('updatefound', () => reg.installing?.addEventListener('statechange', check));
}

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD) return set({ reason: 'dev' });
  if (!('serviceWorker' in navigator) || typeof caches === 'undefined') return set({ reason: 'browser' });
  window.addEventListener('online', () => {
    set({ online: true });
    void sync();
  });
  window.addEventListener('offline', () => set({ online: false }));
  navigator.serviceWorker
    .register(new URL('sw.js', base), { scope: base })
    .then((reg) => {
      watchUpdates(reg);
      return navigator.serviceWorker.ready;
    })
    .then((reg) => {
      registration = reg;
      useApp.subscribe((s, prev) => {
        if (s.modelId !== prev.modelId || s.model.status !== prev.model.status || s.image !== prev.image) void sync();
      });
      void sync();
    })
    .catch(() => set({ reason: 'browser' }));
}
