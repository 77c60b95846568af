/**
 * The H x W map of a result, in the units its method's label names. Captum's visualisation sums the
 * channels; that is right where each channel holds its own share (gradients, IG, SHAP, DeepLift), but
 * Occlusion writes the same window drop into all three channels (as Captum does, and the .npy keeps),
 * so a sum would show three times the drop. For such methods the map is one channel.
 */
import { METHODS, type MethodId } from '../../methods/params';
import { sumChannels } from './normalize';

export function attributionMap(r: { method: MethodId; attributions: Float32Array; shape: readonly number[] }): Float32Array {
  const channels = r.shape[3];
  if (METHODS[r.method].channels === 'sum' || channels === 1) return sumChannels(r.attributions, channels);
  const out = new Float32Array(r.attributions.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = r.attributions[i * channels];
  return out;
}
