/**
 * Input-invariance check of Kindermans et al. 2019, "The (Un)reliability of Saliency Methods"
 * (in: Explainable AI, LNCS 11700; arXiv:1711.00867): a constant shift c of the input (per channel,
 * in model-input units), compensated in the first layer's bias, gives a second network
 *   f2(x + c) = f1(x)   for every x,
 * with identical weights apart from that bias. The two networks compute the same function of the
 * image, so a reliable saliency method should give the same map for f2 at x + c as for f1 at x.
 * The gradient does (∂f2/∂x at x + c = ∂f1/∂x at x); Input x Gradient and Integrated Gradients with
 * a zero baseline do not, because they multiply by (x + c) - 0 instead of x - 0.
 *
 * Algebra: the first conv is linear in its input, conv(x + c) = conv(x) + Wc with
 *   Wc[o] = sum_{kh, kw, ci} W[kh, kw, ci, o] * c[ci],
 * provided every window sees x + c at every tap. Interior taps do; border taps read padding, so the
 * padding of the model input must be c instead of 0 (ForwardOptions.inputPadValue), otherwise
 * compensation is exact only away from the border.
 *
 * Usage:
 *   const comp = shiftCompensation(model, weights, c);
 *   model.logits(x.add(cTensor), { weights: comp.weights, inputPadValue: comp.inputPadValue }) // == model.logits(x)
 *   comp.dispose();
 */
import * as tf from '@tensorflow/tfjs';
import type { CompiledModel } from './compile';

export interface ShiftCompensation {
  /** Weight overrides (new tensors owned by this object) for ForwardOptions.weights. */
  weights: Record<string, tf.Tensor>;
  /** For ForwardOptions.inputPadValue: the shift itself. */
  inputPadValue: number[];
  /** The conv whose bias (or folded BatchNorm mean) absorbs the shift. */
  layer: string;
  dispose(): void;
}

/**
 * Weights that make the model, fed x + shift, compute exactly what it computes on x.
 * The first Conv2D may be fed by the input directly or through one ZeroPadding2D (MobileNet v1:
 * 'same' conv; ResNet-50: ZeroPadding2D then 'valid' conv); it must have a bias or a BatchNormalization
 * folded into it. Assumes the input feeds nothing but that conv, and that a conv behind a
 * ZeroPadding2D is 'valid' (its own 'same' padding would add zeros): true for both models.
 * Never modifies `weights`; the caller disposes the result.
 */
export function shiftCompensation(model: CompiledModel, weights: Record<string, tf.Tensor>, shift: number[]): ShiftCompensation {
  const firstConv = model.layers.findIndex((l) => l.className === 'Conv2D');
  if (firstConv < 0) throw new Error('Shift compensation needs a Conv2D layer; the model has none.');
  const before = model.layers.slice(0, firstConv);
  const linearPrefix =
    before.length >= 1 &&
    before[0].className === 'InputLayer' &&
    before.slice(1).every((l) => l.className === 'ZeroPadding2D') &&
    before.length <= 2;
  if (!linearPrefix) {
    throw new Error(
      `Shift compensation needs the first Conv2D fed by the input (optionally through one ZeroPadding2D); found ${before.map((l) => l.className).join(' -> ')}.`,
    );
  }
  const conv = model.layers[firstConv];
  const kernelName = `${conv.name}/kernel`;
  const kernel = weights[kernelName];
  if (!kernel || kernel.rank !== 4) throw new Error(`Weight ${kernelName} missing or not a 4-D conv kernel.`);
  const inChannels = kernel.shape[2];
  if (shift.length !== inChannels) {
    throw new Error(`Shift has ${shift.length} values; layer ${conv.name} reads ${inChannels} input channels.`);
  }
  const biasName = `${conv.name}/bias`;
  const meanName = conv.weightNames.find((w) => w.endsWith('/moving_mean'));
  const target = conv.weightNames.includes(biasName) ? biasName : meanName;
  if (!target || !weights[target]) {
    throw new Error(
      `Cannot compensate an input shift in layer ${conv.name}: it has neither a bias nor a folded BatchNormalization.`,
    );
  }

  const updated = tf.tidy(() => {
    // Wc[o] = sum_{kh,kw,ci} W[kh,kw,ci,o] * c[ci]: what the shift adds to every output of the conv.
    const c = tf.reshape(tf.tensor1d(shift, 'float32'), [1, 1, inChannels, 1]);
    const wc = tf.sum(tf.mul(kernel, c), [0, 1, 2]);
    if (target === biasName) return tf.sub(weights[target], wc); // conv(x + c) + (b - Wc) = conv(x) + b
    // No bias, BatchNorm folded in: BN computes (y - mean) * gamma / sqrt(var + eps) + beta. With y
    // shifted by Wc, (y + Wc - (mean + Wc)) = (y - mean), so raising the mean by Wc cancels it exactly
    // as lowering a bias would (the compiler refolds mean' into the conv bias: (0 - mean') * scale + beta).
    return tf.add(weights[target], wc);
  });
  const overrides = { [target]: updated };
  return {
    weights: overrides,
    inputPadValue: [...shift],
    layer: conv.name,
    dispose() {
      updated.dispose();
    },
  };
}
