/**
 * A Vite plugin that keeps tfjs-backend-wasm's threads working after minification.
 *
 * WHY. With threads, tfjs-backend-wasm (dist/backend_wasm.js, `factoryConfig.mainScriptUrlOrBlob`) starts
 * each pthread worker from a Blob made of `wasmFactoryThreadedSimd.toString()`: the text of the Emscripten
 * factory function, run again in a bare worker. That function reads `_scriptDir`, a variable of the IIFE
 * around it (wasm-out/tfjs-backend-wasm-threaded-simd.js), at two places:
 *   if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}
 *   "urlOrBlob":Module["mainScriptUrlOrBlob"]||_scriptDir
 * Unminified, the `typeof` guard and the `||` (mainScriptUrlOrBlob is always set) make the missing outer
 * variable harmless in the pthread. The minifier, though, knows `_scriptDir` is declared: it renames it
 * (to `e`) and drops the typeof (`e!==void 0&&e`), so the pthread's copy throws "ReferenceError: e is not
 * defined" and the model worker dies (tfjs' known problem with bundled threaded wasm).
 *
 * In a browser worker `_scriptDir` is always undefined (no document.currentScript, no __filename), so both
 * reads are dead: this plugin removes them, which makes the factory self-contained (its remaining free
 * variables are browser globals, typeof-guarded names and Node-only `require`; scripts/wasm-threads-plugin
 * .test.mjs checks it). If the expected text is not there (a tfjs upgrade), the build fails: threads must
 * not break silently.
 *
 * Used in `worker.plugins` (vite.config.ts): tfjs is bundled into the model worker only, and top-level
 * plugins do not apply to worker bundles in a build. `vite dev` pre-bundles dependencies unminified, where
 * the original text works.
 */

export const THREADED_FACTORY_ID = 'tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';

/** Each read of the outer `_scriptDir` inside the factory, and what replaces it (same meaning when undefined). */
export const REPLACEMENTS = [
  {
    find: 'if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}',
    replace: '/* saliency-lab: read of the outer script dir removed (undefined in a worker) */',
  },
  {
    find: '"urlOrBlob":Module["mainScriptUrlOrBlob"]||_scriptDir,',
    replace: '"urlOrBlob":Module["mainScriptUrlOrBlob"]||undefined,',
  },
];

/** The IIFE's own uses of `_scriptDir` (its declaration and the __filename fallback), outside the factory. */
const OUTER_USES = 3;

const count = (text, needle) => text.split(needle).length - 1;

/**
 * Rewrites the factory module's text; throws when it does not look as expected.
 * @param {string} code the text of tfjs-backend-wasm-threaded-simd.js
 * @returns {string}
 */
export function patchThreadedFactory(code) {
  const fail = (why) => {
    throw new Error(
      `saliency-lab wasm-threads plugin: ${THREADED_FACTORY_ID} ${why}. tfjs-backend-wasm changed: check that the ` +
        'pthread factory (wasmFactoryThreadedSimd.toString()) reads no outer variable, then update scripts/wasm-threads-plugin.mjs.',
    );
  };
  let out = code;
  for (const { find, replace } of REPLACEMENTS) {
    const n = count(out, find);
    if (n !== 1) fail(`has ${n} copies of ${JSON.stringify(find)} (expected 1)`);
    out = out.replace(find, () => replace);
  }
  const left = count(out, '_scriptDir');
  if (left !== OUTER_USES) fail(`still mentions _scriptDir ${left} times after the patch (expected ${OUTER_USES}, all outside the factory)`);
  return out;
}

/** @returns {import('vite').Plugin} */
export function wasmThreadsPlugin() {
  return {
    name: 'saliency-lab-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      if (!id.split('?')[0].replaceAll('\\', '/').endsWith(THREADED_FACTORY_ID)) return null;
      return { code: patchThreadedFactory(code), map: null };
    },
  };
}
