import * as tf from '@tensorflow/tfjs';
import type { ClassScore } from '../../shared/protocol/messages';
import type { CompiledModel } from './compile';

/** Top-k classes with their probability (softmax over all classes) and raw logit. */
export async function classify(model: CompiledModel, x: tf.Tensor4D, k: number): Promise<ClassScore[]> {
  const [logits, probs] = tf.tidy(() => {
    const l = model.logits(x, { inferenceOnly: true });
    return [l, tf.softmax(l)];
  });
  try {
    const [l, p] = await Promise.all([logits.data(), probs.data()]);
    return Array.from(p, (probability, index) => ({ index, probability, logit: l[index] }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, k);
  } finally {
    tf.dispose([logits, probs]);
  }
}
