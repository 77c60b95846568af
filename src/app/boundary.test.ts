/**
 * The UI thread must never load tfjs: follow every static import from the app's entry point and
 * check none reaches @tensorflow. (The worker is created with `new Worker(new URL(...))`, which is
 * not a static import, so it is correctly outside this graph.)
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

function resolveLocal(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, resolve(base, 'index.ts')]) {
    if (existsSync(candidate) && !candidate.endsWith('/')) {
      try {
        readFileSync(candidate);
        return candidate;
      } catch {
        /* a directory */
      }
    }
  }
  return null;
}

function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]/g)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('.')) {
        const target = resolveLocal(file, spec);
        if (target && /\.(ts|tsx)$/.test(target)) stack.push(target);
      } else packages.add(spec);
    }
  }
  return { files, packages };
}

describe('UI / worker boundary', () => {
  it('the main-thread import graph contains no tfjs and no worker-realm module', () => {
    const { files, packages } = importGraph(resolve(here, 'main.tsx'));
    expect(files.size).toBeGreaterThan(10);
    expect([...packages].filter((p) => p.startsWith('@tensorflow'))).toEqual([]);
    // Worker-realm folders: the model worker, its runtime, and each feature's worker half.
    const workerRealm = [...files].filter((f) => /\/src\/(worker|features\/[^/]+\/worker)\//.test(f));
    expect(workerRealm).toEqual([]);
    // Of src/methods, only the pure metadata and URL schema (never a run.ts or the implementations).
    const methods = [...files].filter((f) => f.includes('/src/methods/')).map((f) => f.slice(f.indexOf('/src/methods/') + 13));
    expect(methods.filter((f) => !/^(params|registry|spec|common|values)\.ts$|^[^/]+\/meta\.ts$|^ig\/approximation\.ts$|^cam-layer\.ts$/.test(f))).toEqual([]);
    expect(methods).toContain('registry.ts');
  });
  it('the check can see tfjs when it is there', () => {
    const { packages } = importGraph(resolve(here, '../worker/model.worker.ts'));
    expect([...packages].some((p) => p.startsWith('@tensorflow'))).toBe(true);
  });
});

/**
 * No synchronous read-back in code that can run in the model worker: on WebGPU, `dataSync()` and
 * friends go through a blocking download that can lose the GPU device (the randomisation lab did, at
 * its default depth). Every non-test source file under src/ is checked (src/testing/ is Node-only
 * test support), so a new worker module cannot slip past.
 */
const SYNC_READBACK = /\.(dataSync|arraySync|bufferSync)\s*\(/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = resolve(dir, e.name);
    if (e.isDirectory()) return path === resolve(here, '../testing') ? [] : sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** "file:line: text" for each synchronous read-back in `src`. */
function syncReadbacks(file: string, src: string): string[] {
  return src.split('\n').flatMap((line, i) => (line.match(SYNC_READBACK) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe('no synchronous GPU read-back in worker code', () => {
  const root = resolve(here, '..');
  const files = sourceFiles(root);
  it('no .dataSync( / .arraySync( / .bufferSync( in any non-test source file', () => {
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((f) => syncReadbacks(relative(root, f), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
  it('the walk covers the whole model worker import graph', () => {
    const { files: worker } = importGraph(resolve(here, '../worker/model.worker.ts'));
    expect(worker.size).toBeGreaterThan(20);
    expect([...worker].filter((f) => !files.includes(f))).toEqual([]);
  });
  it('the check sees a read-back when there is one', () => {
    expect(syncReadbacks('x.ts', 'const v = t.dataSync()[0];\nconst a = await t.data();\nu.arraySync();\nb.bufferSync ()')).toEqual([
      'x.ts:1: const v = t.dataSync()[0];',
      'x.ts:3: u.arraySync();',
      'x.ts:4: b.bufferSync ()',
    ]);
  });
});
