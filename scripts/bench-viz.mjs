/**
 * The bench's "viz" part (scripts/bench.mjs): one model and backend with a single-view result and a
 * 3-method comparison grid in all four views (16 coloured panels), then a series of restyles through the
 * Display controls. Per restyle: the `saliency:render` measures of both grids (page-side wall time, which
 * includes the worker; the worker's own ms; panels) and every main-thread long task (PerformanceObserver
 * 'longtask', installed before navigation) inside the restyle window. Long tasks while the model loads and
 * the maps are computed are excluded.
 */
const VIZ_METHOD = 'ixg';
const VIZ_COMPARE = ['saliency', 'ixg', 'gradcam'];
const VIZ_VIEWS = ['heat_map', 'blended_heat_map', 'masked_image', 'alpha_scaling'];
/**
 * Each step changes the render key (sign, colormap, outlier, alpha or scale), so both grids redraw
 * once. Starts from the defaults: sign all, bwr, 2 %, alpha 0.5, per_map.
 */
const RESTYLES = [
  ['select', 'Sign', 'positive'],
  ['select', 'Colormap', 'viridis'],
  ['fill', 'Outlier %', '5'],
  ['fill', 'Blend alpha', '0.8'],
  ['select', 'Scale', 'shared'],
  ['select', 'Sign', 'absolute_value'],
  ['select', 'Colormap', 'inferno'],
  ['fill', 'Outlier %', '1'],
  ['select', 'Sign', 'all'],
  ['select', 'Colormap', 'rdbu'],
  ['fill', 'Blend alpha', '0.3'],
  ['select', 'Scale', 'per_map'],
  ['select', 'Sign', 'negative'],
];

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};

/** Records every main-thread long task ({startTime, duration, name}) from before the app's first script. */
function recordLongTasks() {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ startTime: e.startTime, duration: e.duration, name: e.name });
    }).observe({ type: 'longtask', buffered: true });
    window.__longTasksSupported = true;
  } catch {
    window.__longTasksSupported = false;
  }
  // Long animation frames (Chromium 123+) say which scripts made a frame long: diagnostics only.
  window.__loafs = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        window.__loafs.push({
          startTime: e.startTime,
          duration: e.duration,
          blockingDuration: e.blockingDuration,
          renderStart: e.renderStart,
          styleAndLayoutStart: e.styleAndLayoutStart,
          scripts: e.scripts.map((x) => ({ invoker: x.invoker, invokerType: x.invokerType, sourceFunctionName: x.sourceFunctionName, sourceURL: x.sourceURL.replace(location.origin, ''), startTime: x.startTime, duration: x.duration, forcedStyleAndLayoutDuration: x.forcedStyleAndLayoutDuration })),
        });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  // The timestamp of the first input/change event after the bench resets it: when a restyle began.
  window.__inputAt = null;
  for (const type of ['input', 'change'])
    document.addEventListener(type, (e) => {
      if (window.__inputAt === null) window.__inputAt = e.timeStamp;
    }, true);
}

/**
 * Loads a single-view result and a comparison grid in four views, then restyles them through the
 * Display controls and records the render measures and the main-thread long tasks of each restyle.
 */
export async function benchViz(browser, { base, vizModel, vizBackend }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(recordLongTasks);
  const t0 = Date.now();
  const url = `?model=${vizModel}&image=1&backend=${vizBackend}&method=${VIZ_METHOD}&compare=${VIZ_COMPARE.join(',')}&view=${VIZ_VIEWS.join(',')}`;
  const coloured = VIZ_VIEWS.length * (1 + VIZ_COMPARE.length);
  const figures = coloured + 2; // plus the input panel of each grid
  try {
    process.stdout.write(`bench: viz (${vizModel} on ${vizBackend}) ... `);
    await page.goto(`${base}${url}`);
    await page.waitForFunction(
      ({ figures }) => {
        const panels = document.querySelectorAll('figure.panel');
        const c = { single: 0, compare: 0 };
        for (const m of performance.getEntriesByName('saliency:render')) c[m.detail.channel] = (c[m.detail.channel] ?? 0) + 1;
        return (
          document.documentElement.dataset.compare &&
          document.documentElement.dataset.attribution &&
          panels.length === figures &&
          [...panels].every((p) => p.dataset.state === 'drawn') &&
          c.single > 0 &&
          c.compare > 0
        );
      },
      { figures },
      { timeout: 600_000 },
    );
    const backend = await page.evaluate(() => document.documentElement.dataset.backend);
    const display = page.getByRole('group', { name: 'Display' });
    const restyles = [];
    const excludedBefore = await page.evaluate(() => {
      performance.mark('bench:viz-restyles');
      return window.__longTasks.length;
    });
    for (const [kind, label, value] of RESTYLES) {
      const before = await page.evaluate(() => {
        window.__inputAt = null;
        const c = { single: 0, compare: 0 };
        for (const m of performance.getEntriesByName('saliency:render')) c[m.detail.channel] = (c[m.detail.channel] ?? 0) + 1;
        return { counts: c, now: performance.now() };
      });
      const control = display.getByLabel(label);
      if (kind === 'select') await control.selectOption(value);
      else await control.fill(value);
      await page.waitForFunction(
        ({ counts }) => {
          const c = { single: 0, compare: 0 };
          for (const m of performance.getEntriesByName('saliency:render')) c[m.detail.channel] = (c[m.detail.channel] ?? 0) + 1;
          return (
            c.single > counts.single &&
            c.compare > counts.compare &&
            [...document.querySelectorAll('figure.panel')].every((p) => p.dataset.state === 'drawn')
          );
        },
        { counts: before.counts },
        { timeout: 120_000 },
      );
      const step = await page.evaluate(
        ({ counts, now }) => {
          const all = performance.getEntriesByName('saliency:render');
          const fresh = ['single', 'compare'].map((ch) => all.filter((m) => m.detail.channel === ch).slice(counts[ch]));
          const measures = fresh.flat().map((m) => ({ channel: m.detail.channel, startTime: m.startTime, ms: m.duration, workerMs: m.detail.workerMs, panels: m.detail.panels }));
          const start = window.__inputAt ?? now;
          const end = Math.max(...measures.map((m) => m.startTime + m.ms));
          return { start, end, measures, extra: fresh.map((f) => f.length) };
        },
        before,
      );
      restyles.push({ control: label, value, ...step });
    }
    // Long-task entries arrive asynchronously: let the observer catch up before reading them.
    await page.waitForTimeout(500);
    const { tasks, supported, loafs } = await page.evaluate(() => ({ tasks: window.__longTasks, supported: window.__longTasksSupported, loafs: window.__loafs }));
    const overlaps = (t, a, b) => t.startTime < b && t.startTime + t.duration > a;
    const round = (x) => Math.round(x * 10) / 10;
    const perRestyle = restyles.map((r) => {
      const lt = tasks.filter((t) => overlaps(t, r.start, r.end));
      return {
        control: r.control,
        value: r.value,
        changeToDrawnMs: round(r.end - r.start),
        renderMs: round(Math.max(...r.measures.map((m) => m.ms))),
        workerMs: round(r.measures.reduce((s, m) => s + m.workerMs, 0)),
        panels: r.measures.reduce((s, m) => s + m.panels, 0),
        channels: Object.fromEntries(r.measures.map((m) => [m.channel, { renderMs: round(m.ms), workerMs: round(m.workerMs), panels: m.panels }])),
        longTasks: {
          count: lt.length,
          maxMs: lt.length ? round(Math.max(...lt.map((t) => t.duration))) : 0,
          totalMs: round(lt.reduce((s, t) => s + t.duration, 0)),
          // atMs: from the change; frame: the long animation frame around it (render and style/layout
          // offsets from the frame's start, the scripts that ran in it, slowest first).
          tasks: lt.map((t) => {
            const f = loafs.find((l) => overlaps(l, t.startTime, t.startTime + t.duration));
            return {
              atMs: round(t.startTime - r.start),
              ms: round(t.duration),
              ...(f
                ? {
                    frame: {
                      ms: round(f.duration),
                      renderAtMs: f.renderStart ? round(f.renderStart - f.startTime) : null,
                      styleAndLayoutAtMs: f.styleAndLayoutStart ? round(f.styleAndLayoutStart - f.startTime) : null,
                      scripts: [...f.scripts]
                        .sort((a, b) => b.duration - a.duration)
                        .slice(0, 3)
                        .map((x) => ({ invoker: x.invoker, type: x.invokerType, fn: x.sourceFunctionName, url: x.sourceURL, ms: round(x.duration), forcedLayoutMs: round(x.forcedStyleAndLayoutDuration) })),
                    },
                  }
                : {}),
            };
          }),
        },
        ...(r.extra.some((n) => n !== 1) ? { note: `render measures per channel: ${r.extra.join(', ')} (expected 1 each)` } : {}),
      };
    });
    const windowStart = restyles[0].start;
    const windowEnd = restyles[restyles.length - 1].end;
    const inRestyles = tasks.filter((t) => restyles.some((r) => overlaps(t, r.start, r.end)));
    const between = tasks.filter((t) => overlaps(t, windowStart, windowEnd) && !inRestyles.includes(t));
    const summary = {
      restyles: perRestyle.length,
      panels: perRestyle[0].panels,
      renderMsMedian: round(median(perRestyle.map((r) => r.renderMs))),
      renderMsMax: round(Math.max(...perRestyle.map((r) => r.renderMs))),
      workerMsMedian: round(median(perRestyle.map((r) => r.workerMs))),
      changeToDrawnMsMedian: round(median(perRestyle.map((r) => r.changeToDrawnMs))),
      longTasksOver50ms: inRestyles.length,
      maxLongTaskMs: inRestyles.length ? round(Math.max(...inRestyles.map((t) => t.duration))) : 0,
    };
    console.log(
      `${summary.restyles} restyles x ${summary.panels} panels: render median ${summary.renderMsMedian} ms (max ${summary.renderMsMax}), worker median ${summary.workerMsMedian} ms, ` +
        `long tasks > 50 ms: ${summary.longTasksOver50ms}${summary.longTasksOver50ms ? ` (max ${summary.maxLongTaskMs} ms)` : ''}`,
    );
    return {
      model: vizModel,
      backend,
      url,
      note:
        'Main-thread long tasks only (Chromium reports none for workers), from a PerformanceObserver installed before navigation. ' +
        'Only tasks overlapping a restyle window (first input/change event of the control -> end of the last saliency:render measure) count; ' +
        'those during model loading, attribution and the first drawing are excluded. renderMs: the slower grid\'s saliency:render measure ' +
        '(React effect -> frame after the worker answered, worker time included); changeToDrawnMs: from the input event; workerMs: both grids, summed.',
      longTaskObserverSupported: supported,
      longTasksExcludedBeforeRestyles: excludedBefore,
      longTasksBetweenRestyles: between.length,
      figures,
      summary,
      restyles: perRestyle,
      wallSeconds: Math.round((Date.now() - t0) / 100) / 10,
    };
  } catch (e) {
    console.log(`failed: ${String(e).slice(0, 200)}`);
    return { model: vizModel, backend: vizBackend, url, error: String(e).slice(0, 300) };
  } finally {
    await context.close();
  }
}
