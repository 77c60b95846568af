// Tests for scripts/wasm-threads-plugin.mjs on the installed tfjs-backend-wasm: the pthread factory that
// tfjs turns into a Blob (wasmFactoryThreadedSimd.toString()) must read no variable of the module around it.
// Free variables come from eslint-scope (eslint's own scope analyser) on exactly the text tfjs builds:
// `var WasmBackendModuleThreadedSimd = ` + the function's source. The minified build is covered by the
// browser (e2e/wasm-threads.spec.ts), where a leftover outer reference would kill the model worker.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as espree from 'espree';
import * as eslintScope from 'eslint-scope';
import globals from 'globals';
import { describe, expect, it } from 'vitest';
import { REPLACEMENTS, THREADED_FACTORY_ID, patchThreadedFactory, wasmThreadsPlugin } from './wasm-threads-plugin.mjs';

const require = createRequire(import.meta.url);
const FILE = require.resolve(`@tensorflow/${THREADED_FACTORY_ID}`);
const ORIGINAL = readFileSync(FILE, 'utf8');

/** The factory the module returns: `return (function(WasmBackendModuleThreadedSimd) {...});` in its IIFE. */
function factorySource(code) {
  const ast = espree.parse(code, { ecmaVersion: 'latest', sourceType: 'script', range: true });
  const found = [];
  (function walk(node) {
    if (!node || typeof node.type !== 'string') return;
    const fn = node.type === 'ReturnStatement' ? node.argument : null;
    if (fn?.type === 'FunctionExpression' && fn.params[0]?.name === 'WasmBackendModuleThreadedSimd') found.push(fn);
    for (const value of Object.values(node)) for (const child of Array.isArray(value) ? value : [value]) walk(child);
  })(ast);
  expect(found).toHaveLength(1);
  return code.slice(found[0].range[0], found[0].range[1]);
}

/** Names the Blob's script reads but does not declare, as tfjs builds it (backend_wasm.js). */
function freeVariables(code) {
  const blob = `var WasmBackendModuleThreadedSimd = ${factorySource(code)}`;
  const ast = espree.parse(blob, { ecmaVersion: 'latest', sourceType: 'script', range: true });
  const scopes = eslintScope.analyze(ast, { ecmaVersion: 2022, sourceType: 'script' });
  return [...new Set(scopes.globalScope.through.map((r) => r.identifier.name))].sort();
}

const STANDARD = new Set([...Object.keys(globals.builtin), ...Object.keys(globals.browser), ...Object.keys(globals.worker)]);
// What may stay, each for a reason (read in the file): used only under ENVIRONMENT_IS_NODE (require,
// process, global, __dirname); typeof-guarded (WasmBackendModule); defined by the pthread worker script
// before it runs the factory (startWorker, tfjs-backend-wasm-threaded-simd.worker.js); the Blob's own var.
const EXPECTED_NON_STANDARD = ['WasmBackendModule', 'WasmBackendModuleThreadedSimd', '__dirname', 'global', 'process', 'require', 'startWorker'];
const nonStandard = (names) => names.filter((n) => !STANDARD.has(n));

describe('wasm-threads plugin', () => {
  it('the unpatched factory reads the outer _scriptDir (the bug the plugin fixes)', () => {
    expect(freeVariables(ORIGINAL)).toContain('_scriptDir');
  });

  it('after the transform the factory is self-contained: no outer variable, only globals and Node-only names', () => {
    const out = wasmThreadsPlugin().transform(ORIGINAL, `/x/node_modules/@tensorflow/${THREADED_FACTORY_ID}?v=1`);
    const free = freeVariables(out.code);
    expect(free).not.toContain('_scriptDir');
    expect(nonStandard(free)).toEqual(EXPECTED_NON_STANDARD);
    // Each replacement happened once, and the module still parses and evaluates to the factory.
    for (const { replace } of REPLACEMENTS) expect(out.code.split(replace)).toHaveLength(2);
    const module = { exports: {} };
    new Function('module', 'exports', out.code)(module, module.exports);
    expect(typeof module.exports).toBe('function');
    expect(module.exports.toString()).toBe(factorySource(out.code));
  });

  it('leaves every other module alone', () => {
    expect(wasmThreadsPlugin().transform(ORIGINAL, '/x/node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js')).toBeNull();
  });

  it('fails the build when tfjs changes the text it expects', () => {
    expect(() => patchThreadedFactory(ORIGINAL.replace(REPLACEMENTS[0].find, 'if(_scriptDir){scriptDirectory=_scriptDir}'))).toThrow(/has 0 copies/);
    expect(() => patchThreadedFactory(ORIGINAL.replace('function GROWABLE_HEAP_I8(){', 'function GROWABLE_HEAP_I8(){_scriptDir;'))).toThrow(/mentions _scriptDir 4 times/);
    expect(() => patchThreadedFactory('')).toThrow(/wasm-threads plugin/);
  });
});
