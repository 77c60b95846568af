/**
 * "Download PNG": one panel as a figure for slides and reports: title, the map at 2x (nearest
 * neighbour, so pixels stay pixels), its colorbar with the same ticks and legend as on the page.
 */
import type { ColorbarSpec } from '../shared/viz/colorbar';
import { downloadBlob } from './download';

const S = 2;
const PAD = 24;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export interface PanelFigure {
  title: string;
  subtitle: string;
  /** Wrapped under everything: target, model, units and range. */
  note: string;
  pixels: Uint8ClampedArray;
  size: number;
  colorbar: ColorbarSpec | null;
}

export function panelCanvas(f: PanelFigure): HTMLCanvasElement {
  const mapSize = f.size * S;
  const width = mapSize + 2 * PAD;
  const canvas = document.createElement('canvas');
  const measure = canvas.getContext('2d')!;
  measure.font = `14px ${FONT}`;
  const noteLines = wrap(measure, f.note, mapSize);
  const height = PAD + 30 + 22 + mapSize + (f.colorbar ? 16 + 18 + 30 + 22 * f.colorbar.legend.length : 8) + 20 * noteLines.length + PAD;
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#1d1d1f';
  ctx.textBaseline = 'top';
  ctx.font = `600 20px ${FONT}`;
  fitText(ctx, f.title, PAD, PAD, mapSize);
  ctx.font = `15px ${FONT}`;
  ctx.fillStyle = '#5f6368';
  fitText(ctx, f.subtitle, PAD, PAD + 30, mapSize);
  let y = PAD + 30 + 22;
  const src = document.createElement('canvas');
  src.width = f.size;
  src.height = f.size;
  src.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(f.pixels), f.size, f.size), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(src, PAD, y, mapSize, mapSize);
  y += mapSize + 16;
  const bar = f.colorbar;
  if (bar) {
    for (let x = 0; x < mapSize; x++) {
      ctx.fillStyle = `rgb(${bar.color(x / (mapSize - 1)).join(',')})`;
      ctx.fillRect(PAD + x, y, 1, 18);
    }
    ctx.strokeStyle = '#dadce0';
    ctx.strokeRect(PAD + 0.5, y + 0.5, mapSize - 1, 17);
    y += 18 + 4;
    ctx.fillStyle = '#1d1d1f';
    ctx.font = `14px ${FONT}`;
    const label = (text: string, at: number, align: CanvasTextAlign) => {
      ctx.textAlign = align;
      ctx.fillText(text, PAD + at * mapSize, y);
    };
    label(bar.startLabel, 0, 'left');
    label(bar.endLabel, 1, 'right');
    if (bar.middleLabel) label(bar.middleLabel, 0.5, 'center');
    for (const t of bar.ticks) label(t.label, t.position, 'center');
    ctx.textAlign = 'left';
    y += 30;
    for (const l of bar.legend) {
      ctx.fillStyle = `rgb(${bar.color(l.t).join(',')})`;
      ctx.fillRect(PAD, y + 2, 14, 14);
      ctx.strokeRect(PAD + 0.5, y + 2.5, 13, 13);
      ctx.fillStyle = '#1d1d1f';
      fitText(ctx, l.text, PAD + 22, y, mapSize - 22);
      y += 22;
    }
  } else y += 8 - 16;
  ctx.fillStyle = '#5f6368';
  ctx.font = `14px ${FONT}`;
  ctx.textAlign = 'left';
  for (const line of noteLines) {
    ctx.fillText(line, PAD, y);
    y += 20;
  }
  return canvas;
}

function wrap(ctx: CanvasRenderingContext2D, text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > max) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function fitText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, max: number) {
  let t = text;
  for (let n = text.length; n > 4 && ctx.measureText(t).width > max; n--) t = `${text.slice(0, n - 1)}…`;
  ctx.fillText(t, x, y);
}

export function downloadPanelPng(f: PanelFigure, filename: string): void {
  panelCanvas(f).toBlob((blob) => blob && downloadBlob(blob, filename), 'image/png');
}
