/** Set by vite.config.ts `define`. */
/** package.json version, shown by the offline badge. */
declare const __APP_VERSION__: string;
/** App version + assets manifest hash: names the service worker's runtime caches. */
declare const __CACHE_VERSION__: string;
