#!/usr/bin/env node
/**
 * Bundles scripts/webgpu-node.ts (the app's src/ runtime, methods and tfjs included) into one file,
 * dist/webgpu-node/webgpu-node.mjs, leaving out only `webgpu` (dawn.node, a native addon). Copy that file,
 * node_modules/webgpu and public/assets/models/<model> to a GPU machine with Node >= 20 (see README).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const file = join(root, 'dist/webgpu-node/webgpu-node.mjs');
await build({
  input: join(root, 'scripts/webgpu-node.ts'),
  platform: 'node',
  external: ['webgpu'],
  logLevel: 'warn',
  output: { file, format: 'esm', codeSplitting: false },
});
console.log(`webgpu-node: bundled ${file}`);
