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
    specifiers.length > 0 &&
    specifiers.every((s) => (s.type === 'ImportSpecifier' && s.importKind === 'type') || (s.type === 'ExportSpecifier' && s.exportKind === 'type'))
  );
}

const SKIP = new Set(['parent', 'tokens', 'comments', 'loc', 'range']);

/** The relative module specifiers of a program, with the node that names each. */
function edgesOf(program, text) {
  const edges = [];
  const add = (spec, typeOnly, node) => {
    if (typeof spec === 'string' && spec.startsWith('.')) edges.push({ spec, typeOnly, node });
  };
  for (const node of program.body) {
    if (node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') {
      if (node.source) add(node.source.value, isTypeOnly(node), node);
    }
  }
  // import('./x') and `import('./x').T` can sit anywhere: walk the tree only when the text has one.
  if (/\bimport\s*\(/.test(text)) {
    const visit = (node) => {
      if (node.type === 'ImportExpression' && node.source.type === 'Literal') add(node.source.value, false, node);
      if (node.type === 'TSImportType') add(node.argument.literal?.value ?? node.argument.value, true, node);
      for (const key of Object.keys(node)) {
        if (SKIP.has(key)) continue;
        const child = node[key];
        for (const c of Array.isArray(child) ? child : [child]) if (c && typeof c.type === 'string') visit(c);
      }
    };
    visit(program);
  }
  return edges;
}

const cache = new Map(); // file -> { mtime, checked, edges: [{ target, typeOnly }] }
let generation = 0; // one per linted file: each cached file's mtime is checked at most once in each

function importsOf(file) {
  const hit = cache.get(file);
  if (hit && hit.checked === generation) return hit.edges;
  let mtime;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  if (hit && hit.mtime === mtime) {
    hit.checked = generation;
    return hit.edges;
  }
  let edges = [];
  try {
    const text = readFileSync(file, 'utf8');
    const { ast } = tseslint.parser.parseForESLint(text, {
      sourceType: 'module',
      ecmaFeatures: { jsx: file.endsWith('.tsx') },
      filePath: file,
    });
    edges = edgesOf(ast, text).map((e) => ({ target: resolveLocal(file, e.spec), typeOnly: e.typeOnly })).filter((e) => e.target);
  } catch {
    /* unparsable: ESLint reports it when it lints that file */
  }
  cache.set(file, { mtime, checked: generation, edges });
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
    messages: { cycle: 'Import cycle (type-only imports count): {{path}}' },
  },
  create(context) {
    const file = context.physicalFilename;
    const cwd = context.cwd;
    return {
      Program(program) {
        generation++;
        for (const { spec, typeOnly, node } of edgesOf(program, context.sourceCode.text)) {
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
