/**
 * What a colorbar says, decided once for the page and the PNG export alike: the ramp, the values at
 * its ends and ticks in between (the values actually used, outlier clipping included) and a legend
 * that names the sign in words, so colour is never the only cue.
 */
import { lutColor, type ColormapId } from './colormap';
import type { Sign } from './normalize';
import { colorbarTicks, formatValue, type Tick } from './ticks';
import type { ViewId } from './views';

export interface ColorbarSpec {
  /** RGB at t = 0..1 along the ramp, left to right. */
  color(t: number): [number, number, number];
  startLabel: string;
  endLabel: string;
  /** The label at the middle of a signed ramp ("0"), if any. */
  middleLabel?: string;
  ticks: Tick[];
  /** Words for the two ends (negative/positive or small/large). */
  legend: Array<{ t: number; text: string }>;
}

/** Width of one label character as a share of the ramp (a ~220 px ramp at 0.78 rem, rounded up). */
const CHAR = 0.035;

/** Drops interior ticks whose labels would touch the end labels, the middle label or each other. */
export function uncrowded(spec: ColorbarSpec): ColorbarSpec {
  const taken: Array<[number, number]> = [
    [0, (spec.startLabel.length + 1) * CHAR],
    [1 - (spec.endLabel.length + 1) * CHAR, 1],
  ];
  if (spec.middleLabel) taken.push([0.5 - CHAR, 0.5 + CHAR]);
  const ticks = spec.ticks.filter((t) => {
    const half = ((t.label.length + 1) * CHAR) / 2;
    const span: [number, number] = [t.position - half, t.position + half];
    if (taken.some(([a, b]) => span[0] < b && span[1] > a)) return false;
    taken.push(span);
    return true;
  });
  return { ...spec, ticks };
}

export function colorbarSpec(view: ViewId, sign: Sign, cmap: ColormapId, threshold: number): ColorbarSpec {
  return uncrowded(rawSpec(view, sign, cmap, threshold));
}

function rawSpec(view: ViewId, sign: Sign, cmap: ColormapId, threshold: number): ColorbarSpec {
  const t = threshold;
  const end = formatValue(t);
  if (view === 'masked_image' || view === 'alpha_scaling') {
    const shown = view === 'masked_image' ? 'image at full brightness' : 'image fully opaque';
    const hidden = view === 'masked_image' ? 'black' : 'white';
    const v = sign === 'negative' ? `≤ ${formatValue(-t)}` : `≥ ${end}`;
    return {
      color: view === 'masked_image' ? (x) => gray(x * 255) : (x) => gray(255 - x * 60),
      startLabel: '0',
      endLabel: v,
      ticks: sign === 'negative' ? negate(colorbarTicks(0, t)) : colorbarTicks(0, t),
      legend: [
        { t: 0, text: `${hidden}: attribution 0` },
        { t: 1, text: `${shown}: ${describe(sign)}` },
      ],
    };
  }
  const color = (x: number) => lutColor(cmap, x);
  if (sign === 'all') {
    return {
      color,
      startLabel: `≤ ${formatValue(-t)}`,
      middleLabel: '0',
      endLabel: `≥ ${end}`,
      ticks: colorbarTicks(-t, t).filter((k) => Math.abs(k.position - 0.5) > 0.1),
      legend: [
        { t: 0, text: 'negative: lowers the target score' },
        { t: 1, text: 'positive: raises it' },
      ],
    };
  }
  return {
    color,
    startLabel: '0',
    endLabel: sign === 'negative' ? `≤ ${formatValue(-t)}` : `≥ ${end}`,
    ticks: sign === 'negative' ? negate(colorbarTicks(0, t)) : colorbarTicks(0, t),
    legend: [
      { t: 0, text: 'zero' },
      { t: 1, text: describe(sign) },
    ],
  };
}

function describe(sign: Sign): string {
  switch (sign) {
    case 'positive':
      return 'large positive (raises the score); negatives drawn as 0';
    case 'negative':
      return 'large negative (lowers the score); positives drawn as 0';
    default:
      return 'large magnitude, either sign';
  }
}

function gray(v: number): [number, number, number] {
  const g = Math.round(v);
  return [g, g, g];
}

/** A negative-part ramp runs from 0 to -threshold: same positions, negated labels. */
function negate(ticks: Tick[]): Tick[] {
  return ticks.map((k) => ({ ...k, value: -k.value, label: `\u2212${k.label}` }));
}
