/**
 * import-x/no-cycle skips type-only imports (`import type`, and imports whose every name is a type),
 * so a cycle held together by types goes unseen there. This rule reports those: an import whose
 * target leads back to the importing file only when type-only imports are followed too. Cycles of
 * value imports alone are left to import-x/no-cycle, so each cycle is reported once.
 *
 * The graph is our own modules, reached by relative specifiers ('./x', '../y'), each file parsed once
 * per run (and again when its mtime changes, for editors).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import tseslint from 'typescript-eslint';

const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.mjs', '/index.ts', '/index.tsx'];

function resolveLocal(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Is this import/export declaration type-only (erased, so no run-time edge)? */
function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return (
    node.type === 'ImportDeclaration' &&
    specifiers.length > 0 &&
    specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type')
  );
}

/** The relative module specifiers of a program, with the node that names each. */
function* edgesOf(program) {
  const visit = function* (node) {
    if (!node || typeof node.type !== 'string') return;
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
        if (node.source) yield { spec: node.source.value, typeOnly: isTypeOnly(node), node };
        break;
      case 'ImportExpression':
        if (node.source.type === 'Literal') yield { spec: node.source.value, typeOnly: false, node };
        break;
      case 'TSImportType':
        // `import('./x').T` in a type position.
        yield { spec: node.argument.literal?.value ?? node.argument.value, typeOnly: true, node };
        break;
    }
    for (const key of Object.keys(node)) {
      if (key === 'parent') continue;
      const child = node[key];
      if (Array.isArray(child)) for (const c of child) yield* visit(c);
      else if (child && typeof child.type === 'string') yield* visit(child);
    }
  };
  for (const e of visit(program)) if (typeof e.spec === 'string' && e.spec.startsWith('.')) yield e;
}

const cache = new Map(); // file -> { mtime, edges: [{ target, typeOnly }] }

function importsOf(file) {
  let mtime;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const hit = cache.get(file);
  if (hit && hit.mtime === mtime) return hit.edges;
  let edges = [];
  try {
    const { ast } = tseslint.parser.parseForESLint(readFileSync(file, 'utf8'), {
      sourceType: 'module',
      ecmaFeatures: { jsx: file.endsWith('.tsx') },
      filePath: file,
    });
    edges = [...edgesOf(ast)].map((e) => ({ target: resolveLocal(file, e.spec), typeOnly: e.typeOnly })).filter((e) => e.target);
  } catch {
    /* unparsable: ESLint reports it when it lints that file */
  }
  cache.set(file, { mtime, edges });
  return edges;
}

/** The shortest path from `start` to `goal` (both included), following type-only edges or not. */
function pathTo(start, goal, withTypes) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const file = queue.shift();
    if (file === goal) {
      const path = [];
      for (let f = goal; f; f = previous.get(f)) path.unshift(f);
      return path;
    }
    for (const { target, typeOnly } of importsOf(file)) {
      if ((withTypes || !typeOnly) && !previous.has(target)) {
        previous.set(target, file);
        queue.push(target);
      }
    }
  }
  return null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles that only type-only imports close (import-x/no-cycle skips those).' },
    schema: [],
    messages: { cycle: 'Import cycle through type imports: {{path}}' },
  },
  create(context) {
    const file = context.physicalFilename;
    const cwd = context.cwd;
    return {
      Program(program) {
        for (const { spec, typeOnly, node } of edgesOf(program)) {
          const target = resolveLocal(file, spec);
          if (!target || target === file) continue;
          // A value import that closes a cycle of value imports is import-x/no-cycle's to report.
          if (!typeOnly && pathTo(target, file, false)) continue;
          const back = pathTo(target, file, true);
          if (!back) continue;
          const path = [file, ...back].map((f) => relative(cwd, f)).join(' -> ');
          context.report({ node, messageId: 'cycle', data: { path } });
        }
      },
    };
  },
};
