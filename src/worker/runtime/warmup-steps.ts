/**
 * What the model worker warms up (runtime/warmup.ts runs it): the classify forward pass and the default
 * method's gradient (saliency, batch 1) at a zero input. Its own module so that scripts/webgpu-node.ts
 * warms up exactly as the worker does.
 */
import * as tf from '@tensorflow/tfjs';
import type { LoadedModel } from './load-model';
import { pixelModel } from './pixel-model';
import type { WarmupSteps } from './warmup';

export function warmupSteps(model: LoadedModel): WarmupSteps {
  const size = model.spec.inputSize;
  const classify = pixelModel(model, true);
  return {
    forward: () => classify(tf.zeros([1, size, size, 3])),
    gradient: () => {
      // As gradientAndLogit (attribution/gradients.ts) takes it: one target logit, model-input space.
      const f = (x: tf.Tensor) => tf.sum(tf.gather(model.compiled.logits(x as tf.Tensor4D), [0], 1));
      const { value, grad } = tf.valueAndGrad(f)(tf.zeros([1, size, size, 3]));
      return [value, grad];
    },
  };
}
