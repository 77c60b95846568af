/** Adversarial-example requests and results (FGSM and PGD, as Captum's robust module defines them). */
import type { AttributionParams } from '../../methods/params';
import type { AttributionOutput, ClassScore, ImageSource } from '../../shared/protocol/messages';
import type { ModelId } from '../../shared/models/registry';

export const ATTACK_IDS = ['fgsm', 'pgd'] as const;
export type AttackId = (typeof ATTACK_IDS)[number];

export interface AttackRequest {
  attack: AttackId;
  /** L-infinity radius in pixel levels (0..255). */
  epsilon: number;
  /** The class the model predicts now: untargeted attacks push away from it. */
  label: number;
  /** A class to reach (targeted attack), or null. */
  target: number | null;
  /** PGD only. */
  steps: number;
  stepSize: number;
  randomStart: boolean;
  seed: number;
  /** Explain original and adversarial with this method (its target: the label). */
  explain: AttributionParams;
}

export interface AttackResult {
  attack: AttackId;
  epsilon: number;
  /** The same radius in model-input units (MobileNet: / 127.5; ResNet-50: pixel levels). */
  epsilonModel: number;
  label: number;
  target: number | null;
  /** Adversarial pixels, float HWC RGB in [0, 255] (not rounded: sub-level changes matter). */
  adversarial: Float32Array;
  /** The adversarial image rounded for display, RGBA. */
  pixels: Uint8ClampedArray;
  /** adversarial - original, HWC RGB, pixel levels. */
  perturbation: Float32Array;
  /** Largest |perturbation| (<= epsilon). */
  linf: number;
  /** The adversarial model input, NHWC [1, H, W, 3] ("Download adversarial (.npy)"). */
  input: Float32Array;
  before: ClassScore[];
  after: ClassScore[];
  /** Per step (0 = the original): probability of the label and of the target. */
  trace: Array<{ step: number; label: number; target: number | null }>;
  saliency: { original: AttributionOutput; adversarial: AttributionOutput };
}

/** FGSM / PGD: the worker methods this feature adds (shared/protocol/api.ts joins every feature's). */
export interface AttacksApi {
  attack: { params: { model: ModelId; source: ImageSource; request: AttackRequest }; result: AttackResult };
}
