import { Fragment, useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { RUN_KINDS, WEBGPU_LIMITS, type Diagnostics } from '../protocol';
import { describeLastRun, diagnosticsText, formatBytes, formatMs, refreshDiagnostics, useDiagnostics } from '../state/diagnostics';
import { useApp, type AppState } from '../../../client/store';

// Inline: styles.css belongs to the layout; these few rules only matter inside this panel.
const BOX: CSSProperties = { background: 'var(--panel)', border: '1px solid var(--line)', borderRadius: 8, padding: '1rem', minWidth: 0 };
// One label width for every list, so the values line up from section to section.
const DL: CSSProperties = { display: 'grid', gridTemplateColumns: 'minmax(6rem, 18rem) minmax(12rem, 1fr)', gap: '0.2rem 1rem', margin: '0 0 0.8rem', fontSize: '0.85rem' };
const DD: CSSProperties = { margin: 0, overflowWrap: 'anywhere', fontVariantNumeric: 'tabular-nums' };
const H3: CSSProperties = { fontSize: '0.95rem', margin: '0.8rem 0 0.3rem' };

/** A finished run (or a model switch) changes one of these; a diagnostics refresh then shows its cost. */
const settled = (s: AppState, p: AppState) =>
  s.result !== p.result ||
  (s.model.status !== p.model.status && s.model.status === 'ready') ||
  [
    [s.explain.status, p.explain.status],
    [s.compare.status, p.compare.status],
    [s.lab.status, p.lab.status],
    [s.attack.status, p.attack.status],
    [s.cf.status, p.cf.status],
  ].some(([now, before]) => now !== before && now !== 'running');

function Item({ label, id, value, raw }: { label: string; id: string; value: ReactNode; raw?: number | string | boolean | null }) {
  return (
    <Fragment>
      <dt className="muted" style={{ overflowWrap: 'anywhere' }}>
        {label}
      </dt>
      <dd style={DD} data-testid={`diag-${id}`} data-value={raw == null ? undefined : String(raw)}>
        {value}
      </dd>
    </Fragment>
  );
}

const yesNo = (v: boolean) => (v ? 'yes' : 'no');
/** Limits counted in bytes (the rest are counts of invocations or workgroups). */
const BYTE_LIMITS = new Set<string>(['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize']);
const limitText = (k: string, v: number | null) =>
  v == null ? '—' : !BYTE_LIMITS.has(k) ? v.toLocaleString('en-US') : v < 1e5 ? formatBytes(v) : `${formatBytes(v)} (${v.toLocaleString('en-US')} B)`;
const countText = (v: number | null) => (v == null ? '—' : v.toLocaleString('en-US'));

/** Backend, GPU limits, tf memory, model and last runs, for an instructor helping a student whose laptop is slow. */
export function DiagnosticsPanel() {
  const [open, setOpen] = useState(false);
  const { status, data, error } = useDiagnostics();
  const [copy, setCopy] = useState<{ text: string; fallback?: string } | null>(null);

  useEffect(() => {
    if (!open) return;
    void refreshDiagnostics();
    // Only while open: a closed panel never adds a request to the worker's queue.
    return useApp.subscribe((s, p) => {
      if (settled(s, p)) void refreshDiagnostics();
    });
  }, [open]);

  const copyText = async () => {
    if (!data) return;
    const text = diagnosticsText(data, location.href);
    try {
      await navigator.clipboard.writeText(text);
      setCopy({ text: 'Copied. Paste it into a message to your instructor.' });
    } catch (e) {
      // Clipboard refused (permission, insecure origin): show the text to copy by hand.
      setCopy({ text: `Could not copy (${e instanceof Error ? e.message : String(e)}). Select the text below and copy it:`, fallback: text });
    }
  };

  return (
    <details style={BOX} className="diagnostics" data-testid="diagnostics" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 style={{ display: 'inline', margin: 0 }}>Diagnostics (for instructors)</h2>
      </summary>
      <div style={{ display: 'flex', gap: '0.6rem', alignItems: 'center', flexWrap: 'wrap', margin: '0.6rem 0' }}>
        <button type="button" className="button" onClick={() => void refreshDiagnostics()}>
          Refresh
        </button>
        <button type="button" className="button" disabled={!data} onClick={() => void copyText()}>
          Copy diagnostics
        </button>
        <span role="status" className="small muted" data-testid="diag-status" data-collected={data?.collectedAt}>
          {status === 'loading' ? 'Waiting for the model worker (a running job finishes first)…' : null}
          {status === 'error' ? `Diagnostics failed: ${error}` : null}
          {status === 'done' && data ? `Updated ${new Date(data.collectedAt).toLocaleTimeString()}` : null}
        </span>
      </div>
      <p role="status" className="small" data-testid="diag-copy-status">
        {copy?.text}
      </p>
      {copy?.fallback && <textarea readOnly rows={8} style={{ width: '100%' }} aria-label="Diagnostics text" value={copy.fallback} />}
      {data && <DiagnosticsBody d={data} />}
    </details>
  );
}

function DiagnosticsBody({ d }: { d: Diagnostics }) {
  const b = d.backend;
  const adapter = d.webgpu?.adapter ?? b?.adapter;
  const m = d.memory;
  const info = d.model?.info;
  return (
    <div data-testid="diag-body">
      <h3 style={H3}>Backend</h3>
      <dl style={DL}>
        <Item label="Backend" id="backend" value={b?.name ?? 'not started'} raw={b?.name ?? null} />
        {b?.chosenBecause && <Item label="Chosen because" id="backend-chosen-because" value={b.chosenBecause} />}
        <Item label="Adapter" id="adapter" value={adapter ? [adapter.vendor, adapter.architecture, 'device' in adapter ? adapter.device : '', adapter.description].filter(Boolean).join(' · ') || '(not reported)' : '—'} />
        <Item
          label="Backends not used"
          id="refused"
          value={b?.refused.length ? <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>{b.refused.map((r) => <li key={r.backend}>{r.backend}: {r.reason}</li>)}</ul> : 'none'}
          raw={b?.refused.length ?? null}
        />
        {b?.wasm && (
          <Item
            label="wasm threads"
            id="backend-wasm-threads"
            value={`${b.wasm.threads}${b.wasm.simd ? ' (SIMD)' : ' (no SIMD)'}${b.wasm.singleThreadedBecause ? `: ${b.wasm.singleThreadedBecause}` : ''}`}
            raw={b.wasm.threads}
          />
        )}
        {b?.webglRenderer && <Item label="WebGL renderer (at choice)" id="backend-webgl-renderer" value={b.webglRenderer} />}
        {d.backendError && <Item label="Backend error" id="backend-error" value={d.backendError} />}
        <Item label="tfjs" id="tfjs-version" value={d.tfjsVersion} raw={d.tfjsVersion} />
      </dl>
      {d.webgpu && (
        <>
          <h3 style={H3}>WebGPU device limits (as tfjs requested them)</h3>
          <dl style={DL}>
            {WEBGPU_LIMITS.map((k) => {
              const v = d.webgpu!.limits[k];
              return <Item key={k} label={k} id={`limit-${k}`} value={limitText(k, v)} raw={v} />;
            })}
            <Item label="Adapter features" id="adapter-features" value={d.webgpu.adapterFeatures.join(', ') || 'none'} />
            <Item label="Device features (used)" id="device-features" value={d.webgpu.deviceFeatures.join(', ') || 'none'} />
          </dl>
        </>
      )}
      {d.webgl && (
        <>
          <h3 style={H3}>WebGL</h3>
          <dl style={DL}>
            <Item label="WebGL version" id="webgl-version" value={d.webgl.version} raw={d.webgl.version} />
            <Item label="Renderer" id="webgl-renderer" value={d.webgl.renderer ?? '—'} />
            <Item label="MAX_TEXTURE_SIZE" id="webgl-max-texture-size" value={countText(d.webgl.maxTextureSize)} raw={d.webgl.maxTextureSize} />
            <Item label="Float32 render capable / enabled" id="webgl-float32" value={`${yesNo(d.webgl.renderFloat32Capable)} / ${yesNo(d.webgl.renderFloat32Enabled)}`} raw={d.webgl.renderFloat32Enabled} />
            <Item label="Float download" id="webgl-download-float" value={yesNo(d.webgl.downloadFloatEnabled)} raw={d.webgl.downloadFloatEnabled} />
            <Item label="Forced f16 textures" id="webgl-force-f16" value={yesNo(d.webgl.forceF16Textures)} raw={d.webgl.forceF16Textures} />
          </dl>
        </>
      )}
      <h3 style={H3}>tf.memory()</h3>
      <dl style={DL}>
        <Item label="Tensors" id="num-tensors" value={countText(m?.numTensors ?? null)} raw={m?.numTensors ?? null} />
        <Item label="Tensor bytes" id="num-bytes" value={formatBytes(m?.numBytes)} raw={m?.numBytes ?? null} />
        <Item label="Data buffers" id="num-data-buffers" value={countText(m?.numDataBuffers ?? null)} raw={m?.numDataBuffers ?? null} />
        <Item label="Unreliable" id="memory-unreliable" value={m ? `${yesNo(m.unreliable)}${m.reasons?.length ? ` (${m.reasons.join('; ')})` : ''}` : '—'} raw={m?.unreliable ?? null} />
        {m?.numBytesInGPU != null && <Item label="GPU bytes in use" id="gpu-bytes" value={formatBytes(m.numBytesInGPU)} raw={m.numBytesInGPU} />}
        {m?.numBytesInGPUAllocated != null && <Item label="GPU bytes allocated" id="gpu-bytes-allocated" value={formatBytes(m.numBytesInGPUAllocated)} raw={m.numBytesInGPUAllocated} />}
        {m?.numBytesInGPUFree != null && <Item label="GPU bytes free (pooled)" id="gpu-bytes-free" value={formatBytes(m.numBytesInGPUFree)} raw={m.numBytesInGPUFree} />}
      </dl>
      <h3 style={H3}>Model</h3>
      <dl style={DL}>
        <Item label="Model" id="model-id" value={d.model ? `${d.model.id} (${d.model.status})` : 'none loaded'} raw={d.model?.id ?? null} />
        <Item label="Weights download" id="model-bytes" value={formatBytes(info?.bytes)} raw={info?.bytes ?? null} />
        <Item label="Load (download + compile)" id="model-load" value={formatMs(info?.timings.loadMs)} raw={info?.timings.loadMs ?? null} />
        <Item label="Warm-up (first pass)" id="model-warmup" value={formatMs(info?.timings.warmupMs)} raw={info?.timings.warmupMs ?? null} />
        {(info?.timings.compileMs != null || info?.timings.compileError) && (
          <Item
            label="Shader compile (WebGPU, parallel, forward + saliency gradient)"
            id="model-compile"
            value={info.timings.compileMs != null ? formatMs(info.timings.compileMs) : `abandoned: ${info.timings.compileError}`}
            raw={info.timings.compileMs ?? null}
          />
        )}
      </dl>
      <h3 style={H3}>Runs</h3>
      <dl style={DL}>
        <Item label="Last run" id="last-run" value={d.lastRun ? describeLastRun(d.lastRun) : 'none yet'} raw={d.lastRun?.kind ?? null} />
        {RUN_KINDS.filter((k) => d.runs[k]).map((k) => (
          <Item key={k} label={`Last ${k}`} id={`run-${k}`} value={describeLastRun(d.runs[k]!)} raw={d.runs[k]!.totalMs} />
        ))}
      </dl>
      <h3 style={H3}>This computer</h3>
      <dl style={DL}>
        <Item label="CPU cores" id="cores" value={d.environment.hardwareConcurrency ?? '—'} raw={d.environment.hardwareConcurrency} />
        <Item label="Memory (browser's estimate)" id="device-memory" value={d.environment.deviceMemoryGB != null ? `${d.environment.deviceMemoryGB} GB` : 'not reported'} raw={d.environment.deviceMemoryGB} />
        <Item label="Browser" id="user-agent" value={d.environment.userAgent} />
      </dl>
    </div>
  );
}
