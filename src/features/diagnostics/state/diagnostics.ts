/**
 * The diagnostics snapshot, asked of the model worker. Kept out of the main store: nothing else
 * reads it, and a refresh must not re-render the rest of the page.
 */
import { create } from 'zustand';
import type { Diagnostics, LastRun } from '../protocol';
import { client } from '../../../client/worker';

export interface DiagnosticsState {
  /** 'loading' while the request waits in the worker's queue (behind a long run, possibly). */
  status: 'idle' | 'loading' | 'done' | 'error';
  data?: Diagnostics;
  error?: string;
}

export const useDiagnostics = create<DiagnosticsState>(() => ({ status: 'idle' }));

let inFlight: Promise<void> | null = null;
let stale = false;

/**
 * Fetches a fresh snapshot. One request at a time: asking again while one waits marks it stale and
 * it is re-asked once when it returns, so a burst of finished runs costs at most two snapshots and
 * the last one shown is never older than the last ask.
 */
export function refreshDiagnostics(): Promise<void> {
  if (inFlight) {
    stale = true;
    return inFlight;
  }
  inFlight = (async () => {
    do {
      stale = false;
      useDiagnostics.setState({ status: 'loading' });
      try {
        const data = await client.call('diagnostics', {});
        useDiagnostics.setState({ status: 'done', data, error: undefined });
      } catch (e) {
        useDiagnostics.setState({ status: 'error', error: e instanceof Error ? e.message : String(e) });
      }
    } while (stale);
  })().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

/** Decimal megabytes, as the README quotes download sizes (10.5 MB = 10,457,307 bytes). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null) return '—';
  if (bytes < 1e5) return `${bytes.toLocaleString('en-US')} B`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms == null) return '—';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** "attribute · saliency · 15.2 s" (+ the request's own timings, or how it failed). */
export function describeLastRun(run: LastRun): string {
  const parts = [run.kind, run.what, formatMs(run.totalMs)].filter(Boolean);
  const details = Object.entries(run.timings ?? {}).map(([k, v]) => `${k.replace(/Ms$/, '')} ${formatMs(v)}`);
  if (details.length) parts.push(details.join(', '));
  if (run.error) parts.push(`failed: ${run.error}`);
  return parts.join(' · ');
}

/**
 * What "Copy diagnostics" puts on the clipboard: a few readable lines an instructor can scan in a
 * chat message, then the full snapshot as JSON for anything the lines leave out.
 */
export function diagnosticsText(d: Diagnostics, pageUrl: string): string {
  const b = d.backend;
  const adapter = d.webgpu?.adapter ?? b?.adapter;
  const lines = [
    `Saliency Lab diagnostics, ${d.collectedAt}`,
    `Page: ${pageUrl}`,
    `Backend: ${b?.name ?? 'not started'}${adapter ? ` (${[adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' / ')})` : ''}`,
    ...(b?.chosenBecause ? [`  chosen because: ${b.chosenBecause}`] : []),
    ...(b?.refused ?? []).map((r) => `  ${r.backend} refused: ${r.reason}`),
    `tfjs ${d.tfjsVersion}; tensors ${d.memory?.numTensors ?? '—'}, ${formatBytes(d.memory?.numBytes)}`,
    d.model ? `Model: ${d.model.id} (${d.model.status}), ${formatBytes(d.model.info?.bytes)}, load ${formatMs(d.model.info?.timings.loadMs)}, warm-up ${formatMs(d.model.info?.timings.warmupMs)}${compileText(d.model.info?.timings)}` : 'Model: none',
    `Last run: ${d.lastRun ? describeLastRun(d.lastRun) : 'none'}`,
    `CPU cores ${d.environment.hardwareConcurrency ?? '?'}, memory ${d.environment.deviceMemoryGB ?? '?'} GB`,
    '',
    JSON.stringify(d, null, 2),
  ];
  return lines.join('\n');
}

/** The WebGPU parallel shader compilation of the warm-up, for the summary line (empty where none ran). */
function compileText(t: { compileMs?: number; compileError?: string } | undefined): string {
  if (t?.compileMs != null) return `, shader compile ${formatMs(t.compileMs)}`;
  return t?.compileError ? `, shader compile abandoned (${t.compileError})` : '';
}
