import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { METHODS, UNITS, scaleGroupOf, type MethodId } from '../../../methods/params';
import type { AttributionOutput } from '../../../shared/protocol/messages';
import { useApp, useClassNames } from '../../../client/store';
import { colorbarSpec, type ColorbarSpec } from '../../../shared/viz/colorbar';
import { colormapFor } from '../../../shared/viz/colormap';
import { attributionMap } from '../../../shared/viz/attribution-map';
import type { Sign } from '../../../shared/viz/normalize';
import type { PanelInput, PanelOutput } from '../../../shared/viz/render-job';
import { renderInWorker } from '../../../client/render-client';
import { formatValue } from '../../../shared/viz/ticks';
import type { VizSettings } from '../../../shared/viz/settings';
import { VIEWS, type ViewId } from '../../../shared/viz/views';
import { MapPanel, type Hover } from '../../../ui/MapPanel';
import { camUnitsSuffix } from '../../../methods/cam-layer';

const SIGN_WORDS: Record<Sign, string> = {
  all: 'all signs',
  positive: 'positive only',
  negative: 'negative only',
  absolute_value: 'absolute value',
};

const summed = new WeakMap<AttributionOutput, Float32Array>();
const ids = new WeakMap<AttributionOutput, string>();
let nextId = 1;

/** HWC attributions -> HW in the label's units, once per result: the readout and the worker share it. */
function mapOf(r: AttributionOutput): Float32Array {
  let m = summed.get(r);
  if (!m) summed.set(r, (m = attributionMap(r)));
  return m;
}

/** The sign a view is drawn with (as the render worker decides: masked views need one sign). */
const signFor = (view: ViewId, sign: Sign): Sign => (VIEWS[view].needsOneSign && sign === 'all' ? 'absolute_value' : sign);

/** An invisible colorbar of the shape the panel will have once drawn (its legend lines), to reserve its height. */
function reservedColorbar(view: ViewId, viz: Pick<VizSettings, 'sign' | 'cmap'>): ColorbarSpec {
  const sign = signFor(view, viz.sign);
  return colorbarSpec(view, sign, colormapFor(sign, viz.cmap), 1);
}

const GRID_HINT = 'Point at any picture (or focus one and use the arrow keys) to read the value under it in every panel.';

function idOf(r: AttributionOutput): string {
  let id = ids.get(r);
  if (!id) ids.set(r, (id = `r${nextId++}`));
  return id;
}

/**
 * The input and the chosen views of one or more results, side by side, coloured in the render
 * worker. `compare` titles panels by method (the comparison grid) rather than by view.
 */
export function MapGrid({
  channel,
  results,
  compare,
  titles,
  notes,
  showInput = true,
  columns,
}: {
  channel: string;
  results: AttributionOutput[];
  /** Title panels by method (or by `titles`) rather than by view. */
  compare: boolean;
  /** One title per result (e.g. "Noisy image"), instead of the method's name. */
  titles?: string[];
  /** One extra line per result (e.g. its convergence delta), shown and exported with each panel. */
  notes?: string[];
  showInput?: boolean;
  /** Fixed columns (e.g. 2 for before/after pairs); default: as many as fit. */
  columns?: number;
}) {
  // Deferred: a restyle first updates the controls, then re-renders the panels in an interruptible
  // render, so the main thread never holds a long task for it.
  const viz = useDeferredValue(useApp((s) => s.viz));
  const labels = useClassNames();
  const [hover, setHover] = useState<Hover | null>(null);
  const [drawn, setDrawn] = useState<{ key: string; outputs: PanelOutput[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const panels = useMemo(
    () =>
      results.flatMap((r) =>
        viz.views.map((view): PanelInput & { result: AttributionOutput } => ({
          mapId: idOf(r),
          view,
          map: mapOf(r),
          rgba: r.pixels,
          scaleGroup: scaleGroupOf(r.method, r.params.nt, r.notes.layer),
          result: r,
        })),
      ),
    [results, viz.views],
  );
  const key = `${panels.map((p) => `${p.mapId}:${p.view}`).join(',')}|${viz.sign}|${viz.outlier}|${viz.cmap}|${viz.alpha}|${viz.scale}`;

  useEffect(() => {
    if (!panels.length) return;
    let live = true;
    const t0 = performance.now();
    const settings = { sign: viz.sign, outlier: viz.outlier, cmap: viz.cmap, alpha: viz.alpha, scale: viz.scale };
    renderInWorker(
      channel,
      panels,
      settings,
    ).then(
      (r) => {
        if (!live || !r) return;
        setDrawn({ key, outputs: r.outputs });
        setError(null);
        requestAnimationFrame(() =>
          performance.measure('saliency:render', { start: t0, detail: { channel, panels: panels.length, workerMs: r.ms } }),
        );
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps -- `key` covers panels and settings

  if (!results.length) return null;
  const first = results[0];
  const size = first.shape[1];
  const fresh = drawn?.key === key;
  const target = `${labels?.display[first.params.target] ?? 'class'} #${first.params.target}`;
  return (
    <>
    <p className="muted small grid-hint">{GRID_HINT}</p>
    <div className="map-grid" data-testid={`${channel}-grid`} style={columns ? { gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` } : undefined}>
      {error && (
        <p className="error-text" role="alert">
          Drawing failed: {error}
        </p>
      )}
      {showInput && <MapPanel
        id="input"
        title="Input (224×224 crop)"
        subtitle={`explained for ${target}`}
        figureNote={`${first.model}`}
        size={size}
        pixels={first.pixels}
        state="drawn"
        colorbar={null}
        rgba={first.pixels}
        hover={hover}
        onHover={setHover}
        filename={`input_${first.model}.png`}
      />}
      {panels.map((p, i) => {
        const out = drawn && drawn.outputs.length === panels.length ? drawn.outputs[i] : undefined;
        const method = METHODS[p.result.method];
        const viewLabel = VIEWS[p.view].label;
        const r = results.indexOf(p.result);
        const title = titles?.[r] ?? (compare ? method.label : viewLabel);
        const subtitleParts = [
          compare || titles ? viewLabel : method.label,
          ...(titles ? [method.label] : []),
          ...(notes?.[r] ? [notes[r]] : []),
          out ? `${SIGN_WORDS[out.sign]}${out.signChanged ? ` (${viewLabel.toLowerCase()} needs one sign)` : ''}` : SIGN_WORDS[viz.sign],
          out?.shared ? 'shared scale' : 'own scale',
        ];
        const note = out?.error ?? out?.empty ?? (out ? `Units: ${UNITS[method.units]}${camUnitsSuffix(p.result.model, p.result.notes)}. Values from ${fmtRange(out.range)}; ${viz.outlier} % outliers clipped.` : undefined);
        return (
          <MapPanel
            key={`${p.mapId}:${p.view}`}
            id={titles ? `${r}:${p.view}` : `${p.result.method}:${p.view}`}
            title={title}
            subtitle={subtitleParts.join(' · ')}
            size={size}
            pixels={out?.pixels ?? null}
            state={out?.error ? 'error' : out?.empty ? 'empty' : fresh && out ? 'drawn' : 'pending'}
            message={note}
            figureNote={`${target} · ${p.result.model}${note ? ` · ${note}` : ''}`}
            colorbar={out && out.pixels ? colorbarSpec(p.view, out.sign, out.cmap, out.threshold) : null}
            reserveColorbar={out ? null : reservedColorbar(p.view, viz)}
            rgba={p.rgba}
            values={p.map}
            hover={hover}
            onHover={setHover}
            filename={`${p.result.method}_${p.view}_${p.result.model}_class${p.result.params.target}.png`}
          />
        );
      })}
    </div>
    </>
  );
}

/**
 * What the explanation's grid will look like, while its first result computes: the input and one
 * empty, pending panel per view, each as tall as it will be drawn (same caption, colorbar and note
 * lines), so that nothing below moves when the map arrives.
 */
export function MapGridPlaceholder({
  channel,
  method,
  target,
  input,
  running,
  showInput = true,
}: {
  channel: string;
  method: MethodId;
  /** "goldfish #1", once the prediction is known. */
  target: string | null;
  /** The model input (RGBA), once the image is classified. */
  input: { pixels: Uint8ClampedArray; size: number; model: string } | null;
  running: boolean;
  showInput?: boolean;
}) {
  const viz = useApp((s) => s.viz);
  const size = input?.size ?? 224;
  const none = useMemo(() => new Uint8ClampedArray(size * size * 4), [size]);
  const m = METHODS[method];
  const noop = () => {};
  return (
    <>
      <p className="muted small grid-hint">{GRID_HINT}</p>
      <div className="map-grid" data-testid={`${channel}-grid-placeholder`} aria-hidden>
        {showInput && <MapPanel
          id="input"
          title="Input (224×224 crop)"
          subtitle={target ? `explained for ${target}` : 'the image to explain'}
          figureNote=""
          size={size}
          pixels={input?.pixels ?? null}
          state={input ? 'drawn' : 'pending'}
          colorbar={null}
          rgba={input?.pixels ?? none}
          hover={null}
          onHover={noop}
          filename=""
          placeholder
        />}
        {viz.views.map((view) => {
          const sign = signFor(view, viz.sign);
          const viewLabel = VIEWS[view].label;
          return (
            <MapPanel
              key={view}
              id={`${method}:${view}`}
              title={viewLabel}
              subtitle={[m.label, `${SIGN_WORDS[sign]}${sign !== viz.sign ? ` (${viewLabel.toLowerCase()} needs one sign)` : ''}`, 'own scale'].join(' · ')}
              figureNote=""
              size={size}
              pixels={null}
              state="pending"
              message={`Units: ${UNITS[m.units]}. ${running ? 'Computing the map…' : 'Not computed yet.'}`}
              colorbar={null}
              reserveColorbar={reservedColorbar(view, viz)}
              rgba={none}
              values={undefined}
              hover={null}
              onHover={noop}
              filename=""
              placeholder
            />
          );
        })}
      </div>
    </>
  );
}

function fmtRange(r: { min: number; max: number }): string {
  return `${formatValue(r.min)} to ${formatValue(r.max)}`;
}
