import { describe, expect, it } from 'vitest';
import { colorbarSpec, uncrowded, type ColorbarSpec } from './colorbar';
import { lutColor } from './colormap';
import { SIGNS } from './normalize';
import type { Tick } from './ticks';
import { VIEW_IDS } from './views';

const MINUS = '\u2212';
/** Label width per character as a share of the ramp (colorbar.ts's CHAR). */
const CHAR = 0.035;

// Tick dropping, worked by hand: a label of n characters covers (n + 1) * CHAR of the ramp, centred
// on a tick; the start label covers [0, (n + 1) * CHAR], the end label [1 - (n + 1) * CHAR, 1], the
// middle label [0.5 - CHAR, 0.5 + CHAR].

describe('colorbarSpec: heat maps', () => {
  it("sign 'all': '≤ −t' … '0' … '≥ t', symmetric ticks away from the middle and the ends", () => {
    const s = colorbarSpec('heat_map', 'all', 'bwr', 2.5);
    expect(s.startLabel).toBe(`≤ ${MINUS}2.5`);
    expect(s.middleLabel).toBe('0');
    expect(s.endLabel).toBe('≥ 2.5');
    // d3 ticks over -2.5..2.5: -2 (0.1) and 2 (0.9) too near the ends, 0 (0.5) is the middle label.
    // −1 at 0.3 covers [0.2475, 0.3525], clear of the start label's [0, 0.245].
    expect(s.ticks.map((k) => k.value)).toEqual([-1, 1]);
    expect(s.ticks.map((k) => k.position)).toEqual([0.3, 0.7]);
    expect(s.ticks.map((k) => k.label)).toEqual([`${MINUS}1`, '1']);
    expect(s.legend).toEqual([
      { t: 0, text: 'negative: lowers the target score' },
      { t: 1, text: 'positive: raises it' },
    ]);
  });
  it("sign 'all', threshold 1: −0.5 would touch '≤ −1', 0.5 stays", () => {
    // start '≤ −1' covers [0, 0.175]; '−0.5' at 0.25 covers [0.1625, 0.3375] -> dropped.
    // end '≥ 1' covers [0.86, 1]; '0.5' at 0.75 covers [0.68, 0.82] -> kept.
    const s = colorbarSpec('blended_heat_map', 'all', 'rdbu', 1);
    expect(s.startLabel).toBe(`≤ ${MINUS}1`);
    expect(s.endLabel).toBe('≥ 1');
    expect(s.ticks.map((k) => [k.value, k.position])).toEqual([[0.5, 0.75]]);
  });
  it("sign 'all': never a tick at the middle", () => {
    for (const t of [0.3, 1, 2.5, 7, 40, 1e-3, 5e4]) {
      const s = colorbarSpec('heat_map', 'all', 'bwr', t);
      expect(s.ticks.every((k) => Math.abs(k.position - 0.5) > 0.1), String(t)).toBe(true);
      for (const k of s.ticks) expect(k.value).toBeCloseTo((k.position - 0.5) * 2 * t, 9);
    }
  });
  it('the ramp is the colormap LUT (white middle for bwr)', () => {
    const s = colorbarSpec('heat_map', 'all', 'bwr', 1);
    expect(s.color(0.5)).toEqual([255, 255, 255]);
    expect(s.color(0)).toEqual([0, 0, 255]);
    expect(s.color(1)).toEqual([255, 0, 0]);
    expect(s.color(0.3)).toEqual(lutColor('bwr', 0.3));
  });
  it('small and large thresholds are formatted with three significant digits', () => {
    expect(colorbarSpec('heat_map', 'all', 'bwr', 0.0123456).endLabel).toBe('≥ 0.0123');
    expect(colorbarSpec('heat_map', 'all', 'bwr', 0.0123456).startLabel).toBe(`≤ ${MINUS}0.0123`);
    expect(colorbarSpec('heat_map', 'positive', 'hot', 1234.5).endLabel).toBe('≥ 1.23e+3');
    expect(colorbarSpec('heat_map', 'positive', 'hot', 12345).endLabel).toBe('≥ 1.23e+4');
  });
  it("'positive': 0 … '≥ t', positive ticks (2.5 would touch the end label)", () => {
    // end '≥ 3' covers [0.86, 1]; '2.5' at 0.833 covers [0.763, 0.903] -> dropped
    const s = colorbarSpec('heat_map', 'positive', 'hot', 3);
    expect(s.startLabel).toBe('0');
    expect(s.middleLabel).toBeUndefined();
    expect(s.endLabel).toBe('≥ 3');
    expect(s.ticks.map((k) => k.value)).toEqual([0.5, 1, 1.5, 2]);
    s.ticks.forEach((k, i) => expect(k.position).toBeCloseTo((i + 1) / 6, 12));
    expect(s.legend).toEqual([
      { t: 0, text: 'zero' },
      { t: 1, text: 'large positive (raises the score); negatives drawn as 0' },
    ]);
    expect(s.color(0)).toEqual([0, 0, 0]); // hot starts black
  });
  it("'negative': 0 … '≤ −t', negated ticks at the same positions", () => {
    const s = colorbarSpec('heat_map', 'negative', 'hot', 3);
    expect(s.startLabel).toBe('0');
    expect(s.middleLabel).toBeUndefined();
    expect(s.endLabel).toBe(`≤ ${MINUS}3`);
    // Labels as d3 formats the positive ticks, negated: '−0.5', '−1.0', ... Each '−x.x' label is 5
    // characters wide, so neighbours 1/6 apart would touch: every other one is kept.
    expect(s.ticks.map((k) => k.value)).toEqual([-0.5, -1.5]);
    expect(s.ticks.map((k) => k.position)).toEqual([1 / 6, 3 / 6].map((v) => expect.closeTo(v, 12)));
    expect(s.ticks.map((k) => k.label)).toEqual([`${MINUS}0.5`, `${MINUS}1.5`]);
    for (const k of s.ticks) expect(k.value).toBeLessThan(0);
    expect(s.legend[1]).toEqual({ t: 1, text: 'large negative (lowers the score); positives drawn as 0' });
  });
  it("'negative' ticks mirror the 'positive' ones (same positions, negated values)", () => {
    for (const t of [0.8, 1, 3, 12, 0.05]) {
      const pos = colorbarSpec('heat_map', 'positive', 'hot', t).ticks;
      const neg = colorbarSpec('heat_map', 'negative', 'hot', t).ticks;
      // negative labels are longer by the minus sign, so they may drop more ticks, never fewer
      expect(neg.length).toBeLessThanOrEqual(pos.length);
      for (const k of neg) {
        const twin = pos.find((p) => p.position === k.position);
        expect(twin, `${t} ${k.position}`).toBeDefined();
        expect(k.value).toBe(-twin!.value);
      }
    }
  });
  it("'absolute_value': 0 … '≥ t'", () => {
    // ticks 0.2, 0.4, 0.6 at 0.25, 0.5, 0.75; end '≥ 0.8' covers [0.79, 1], '0.6' covers [0.68, 0.82] -> dropped
    const s = colorbarSpec('heat_map', 'absolute_value', 'viridis', 0.8);
    expect(s.startLabel).toBe('0');
    expect(s.endLabel).toBe('≥ 0.8');
    expect(s.ticks.map((k) => k.value)).toEqual([0.2, 0.4]);
    expect(s.legend[1].text).toBe('large magnitude, either sign');
  });
  it('threshold 0 gives no ticks', () => {
    expect(colorbarSpec('heat_map', 'all', 'bwr', 0).ticks).toEqual([]);
    expect(colorbarSpec('heat_map', 'positive', 'hot', 0).ticks).toEqual([]);
  });
});

describe('colorbarSpec: masked_image and alpha_scaling', () => {
  it('masked_image, absolute_value: black to the full image, 0 … ≥ t', () => {
    const s = colorbarSpec('masked_image', 'absolute_value', 'hot', 1);
    expect(s.startLabel).toBe('0');
    expect(s.endLabel).toBe('≥ 1');
    expect(s.middleLabel).toBeUndefined();
    expect(s.color(0)).toEqual([0, 0, 0]);
    expect(s.color(0.5)).toEqual([128, 128, 128]); // 127.5 rounded
    expect(s.color(1)).toEqual([255, 255, 255]);
    // '0.8' at 0.8 covers [0.73, 0.87], touching '≥ 1' at [0.86, 1]
    expect(s.ticks.map((k) => k.value)).toEqual([0.2, 0.4, 0.6]);
    expect(s.legend).toEqual([
      { t: 0, text: 'black: attribution 0' },
      { t: 1, text: 'image at full brightness: large magnitude, either sign' },
    ]);
  });
  it('masked_image, positive: 0 … ≥ t', () => {
    const s = colorbarSpec('masked_image', 'positive', 'hot', 2);
    expect(s.startLabel).toBe('0');
    expect(s.endLabel).toBe('≥ 2');
    expect(s.legend[1].text).toBe('image at full brightness: large positive (raises the score); negatives drawn as 0');
  });
  it('masked_image, negative: 0 … ≤ −t with negative ticks', () => {
    const s = colorbarSpec('masked_image', 'negative', 'hot', 1);
    expect(s.startLabel).toBe('0');
    expect(s.endLabel).toBe(`≤ ${MINUS}1`);
    expect(s.ticks.map((k) => k.value)).toEqual([-0.2, -0.4, -0.6]);
    expect(s.ticks.map((k) => k.label)).toEqual([`${MINUS}0.2`, `${MINUS}0.4`, `${MINUS}0.6`]);
  });
  it('alpha_scaling: white (hidden) to a darker gray (opaque), words for both ends', () => {
    const s = colorbarSpec('alpha_scaling', 'negative', 'bwr', 4);
    expect(s.color(0)).toEqual([255, 255, 255]);
    expect(s.color(1)).toEqual([195, 195, 195]);
    expect(s.color(0.5)).toEqual([225, 225, 225]);
    expect(s.endLabel).toBe(`≤ ${MINUS}4`);
    expect(s.legend).toEqual([
      { t: 0, text: 'white: attribution 0' },
      { t: 1, text: 'image fully opaque: large negative (lowers the score); positives drawn as 0' },
    ]);
    const abs = colorbarSpec('alpha_scaling', 'absolute_value', 'bwr', 4);
    expect(abs.startLabel).toBe('0');
    expect(abs.endLabel).toBe('≥ 4');
    expect(abs.legend[1].text).toBe('image fully opaque: large magnitude, either sign');
  });
  it('the colormap does not affect masked / alpha ramps', () => {
    const a = colorbarSpec('masked_image', 'positive', 'hot', 1);
    const b = colorbarSpec('masked_image', 'positive', 'viridis', 1);
    for (const t of [0, 0.25, 0.5, 1]) expect(a.color(t)).toEqual(b.color(t));
  });
});

describe('uncrowded', () => {
  const tick = (position: number, label = 'x'): Tick => ({ value: position, position, label });
  const spec = (ticks: Tick[], middleLabel?: string): ColorbarSpec => ({
    color: () => [0, 0, 0],
    startLabel: 'a', // covers [0, 0.07]
    endLabel: 'b', // covers [0.93, 1]
    middleLabel,
    ticks,
    legend: [],
  });

  it('drops ticks touching the end labels, the middle label or an earlier tick', () => {
    // one-character labels cover ±0.035
    const out = uncrowded(spec([tick(0.05), tick(0.2), tick(0.22), tick(0.3), tick(0.5), tick(0.95)], '0'));
    expect(out.ticks.map((k) => k.position)).toEqual([0.2, 0.3]);
    const noMiddle = uncrowded(spec([tick(0.05), tick(0.2), tick(0.22), tick(0.3), tick(0.5), tick(0.95)]));
    expect(noMiddle.ticks.map((k) => k.position)).toEqual([0.2, 0.3, 0.5]);
  });
  it('longer labels need more room', () => {
    // '12345' covers ±0.105 around 0.2: [0.095, 0.305] -> clear of the start; a second at 0.4 covers [0.295, 0.505] -> touches
    const out = uncrowded(spec([tick(0.2, '12345'), tick(0.4, '12345'), tick(0.6, '12345')]));
    expect(out.ticks.map((k) => k.position)).toEqual([0.2, 0.6]);
  });
  it('keeps everything else', () => {
    const s = spec([tick(0.5)]);
    const out = uncrowded(s);
    expect(out.startLabel).toBe('a');
    expect(out.endLabel).toBe('b');
    expect(out.color).toBe(s.color);
    expect(out.ticks).toEqual([tick(0.5)]);
  });
  it('every spec: kept labels never overlap each other nor the end/middle labels', () => {
    for (const view of VIEW_IDS) {
      for (const sign of SIGNS) {
        for (const t of [0.0123, 0.37, 1, 2.5, 3, 7.5, 40, 999, 5e4]) {
          const s = colorbarSpec(view, sign, sign === 'all' ? 'bwr' : 'hot', t);
          const spans: Array<[number, number]> = [
            [0, (s.startLabel.length + 1) * CHAR],
            [1 - (s.endLabel.length + 1) * CHAR, 1],
          ];
          if (s.middleLabel) spans.push([0.5 - CHAR, 0.5 + CHAR]);
          for (const k of s.ticks) {
            const half = ((k.label.length + 1) * CHAR) / 2;
            const span: [number, number] = [k.position - half, k.position + half];
            for (const [a, b] of spans) expect(span[0] < b && span[1] > a, `${view} ${sign} ${t} ${k.label}`).toBe(false);
            spans.push(span);
          }
        }
      }
    }
  });
});
