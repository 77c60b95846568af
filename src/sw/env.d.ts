/** Set by vite.config.ts `define`: app version + assets manifest hash; names the runtime caches. */
declare const __CACHE_VERSION__: string;
