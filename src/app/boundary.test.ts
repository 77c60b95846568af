/**
 * The UI thread must never load tfjs: follow every static import from the app's entry point and
 * check none reaches @tensorflow. (The worker is created with `new Worker(new URL(...))`, which is
 * not a static import, so it is correctly outside this graph.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
    const workerRealm = [...files].filter((f) => /\/src\/(runtime)\//.test(f) || f.endsWith('model.worker.ts'));
    expect(workerRealm).toEqual([]);
  });
  it('the check can see tfjs when it is there', () => {
    const { packages } = importGraph(resolve(here, '../worker/model.worker.ts'));
    expect([...packages].some((p) => p.startsWith('@tensorflow'))).toBe(true);
  });
});
