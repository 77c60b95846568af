import { useApp } from '../client/store';

const NAMES = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly (CPU)', cpu: 'CPU (JavaScript)' } as const;

/** Which backend runs, on which adapter, why it was chosen, and why any other was not used. */
export function BackendBadge() {
  const backend = useApp((s) => s.backend);
  if (!backend) return <span className="badge badge-pending">Starting backend…</span>;
  const adapter = backend.adapter
    ? [backend.adapter.vendor, backend.adapter.architecture, backend.adapter.description].filter(Boolean).join(' · ')
    : null;
  // wasm: "SIMD, 2 threads" beside the name; why one thread inside, where it is one.
  const wasm = backend.wasm;
  const wasmSummary = wasm ? `${wasm.simd ? 'SIMD, ' : ''}${wasm.threads} thread${wasm.threads === 1 ? '' : 's'}` : null;
  // wasm is the fast choice where the GPU is software (SwiftShader, llvmpipe): not a degraded one.
  const slow = backend.name === 'webgl' || backend.name === 'cpu';
  return (
    <details className={`badge ${slow ? 'badge-warn' : 'badge-ok'}`} data-testid="backend-badge">
      <summary>
        Running on <strong>{NAMES[backend.name]}</strong>
        {adapter ? <span className="muted"> ({adapter})</span> : null}
        {wasmSummary ? <span className="muted" data-testid="backend-wasm"> · {wasmSummary}</span> : null}
      </summary>
      {wasm?.singleThreadedBecause ? <p data-testid="backend-single-threaded">One thread: {wasm.singleThreadedBecause}.</p> : null}
      {backend.chosenBecause ? <p data-testid="backend-chosen-because">Why: {backend.chosenBecause}.</p> : null}
      {backend.refused.length > 0 ? (
        <ul className="refused">
          {backend.refused.map((r) => (
            <li key={r.backend}>
              {NAMES[r.backend]} not used: {r.reason}
            </li>
          ))}
        </ul>
      ) : (
        <p>The fastest backend started; everything is computed on this device.</p>
      )}
    </details>
  );
}
