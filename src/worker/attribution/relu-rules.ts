/**
 * Modified backward passes of the rectifiers (ReLU and ReLU6), for the methods that explain with a
 * "gradient" whose ReLU steps are replaced: Guided Backprop and Deconvolution (and, through Guided
 * Backprop, Guided Grad-CAM). Captum implements both in one file,
 * captum/attr/_core/guided_backprop_deconvnet.py (ModifiedReluGradientAttribution), with a backward
 * hook on every nn.ReLU that returns F.relu of grad_input (GuidedBackprop, use_relu_grad_output=False)
 * or of grad_output (Deconvolution, use_relu_grad_output=True).
 *
 * The mechanism is the one DeepLIFT's rules use (methods/deeplift/deeplift-rules.ts): the compiled
 * model routes every relu / relu6 (Keras Activation, a conv's or dense's `activation`, the ReLU layer)
 * through ForwardOptions.nonlinearities, and these replacements keep the ordinary forward op and
 * change only its backward pass (tf.customGrad). A future modified-backward method (e.g. LRP) adds a
 * rule here, or builds on `withBackward`.
 *
 * With dy the gradient arriving at the rectifier's output and x its forward input:
 *  - guided (Springenberg et al. 2015, https://arxiv.org/abs/1412.6806): relu(ordinary grad_input),
 *    i.e. ReLU: dx = relu(dy) where x > 0, else 0 (Captum's hook exactly);
 *    ReLU6: dx = relu(dy) where 0 < x < 6, else 0, i.e. relu of ReLU6's own grad_input (PyTorch's
 *    hardtanh backward passes the open interval). Captum hooks only nn.ReLU, so with Captum a ReLU6
 *    network (MobileNet) would get the PLAIN gradient through every ReLU6: ours is a deliberate
 *    difference (README "Where we differ").
 *  - deconv (Zeiler & Fergus 2014, https://arxiv.org/abs/1311.2901): dx = relu(dy) whatever x, for
 *    ReLU (Captum's hook exactly) and for ReLU6 alike. The deconvnet reconstructs through a
 *    rectification of the signal coming down and ignores the forward pass's gate: the cap at 6 is part
 *    of that gate (a ReLU6 is a ReLU whose gate also closes above 6), so it is ignored too. Captum
 *    would pass the plain gradient through a ReLU6 (again: no hook), which would let negative signal
 *    through, against the method's definition.
 * Max-pool keeps its ordinary gradient in both (Captum hooks only ReLUs; the deconvnet's max-pool
 * "switches" are exactly the max-pool gradient's routing).
 */
import * as tf from '@tensorflow/tfjs';
import type { Nonlinearities } from '../runtime/compile';

export type ReluRule = 'guided' | 'deconv';

/** The ReLU6 cap (tf.relu6). */
const CAP = 6;

/** An elementwise op with the ordinary forward pass `forward` and the backward pass `backward(dy, x)`. */
export function withBackward(forward: (x: tf.Tensor) => tf.Tensor, backward: (dy: tf.Tensor, x: tf.Tensor) => tf.Tensor): (x: tf.Tensor) => tf.Tensor {
  const op = tf.customGrad((x: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const input = x as tf.Tensor;
    (save as tf.GradSaveFunc)([input]);
    return { value: forward(input), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => backward(dy, saved[0]) };
  });
  return (x) => op(x);
}

/** relu(dy) where `open` holds at x, else 0. */
const gated = (dy: tf.Tensor, open: tf.Tensor) => tf.where(open, tf.relu(dy), tf.zerosLike(dy));

/** The backward passes of each rule, (dy, x) -> dx. */
export const RELU_RULES: Record<ReluRule, { relu(dy: tf.Tensor, x: tf.Tensor): tf.Tensor; relu6(dy: tf.Tensor, x: tf.Tensor): tf.Tensor }> = {
  guided: {
    relu: (dy, x) => gated(dy, tf.greater(x, 0)),
    relu6: (dy, x) => gated(dy, tf.logicalAnd(tf.greater(x, 0), tf.less(x, CAP))),
  },
  deconv: {
    relu: (dy) => tf.relu(dy),
    relu6: (dy) => tf.relu(dy),
  },
};

/** The replacements for compile.ts' relu and relu6 under `rule` (pass as ForwardOptions.nonlinearities). */
export function reluRuleNonlinearities(rule: ReluRule): Pick<Nonlinearities, 'relu' | 'relu6'> {
  const relu = withBackward((x) => tf.relu(x), RELU_RULES[rule].relu);
  const relu6 = withBackward((x) => tf.relu6(x), RELU_RULES[rule].relu6);
  return { relu: (x) => relu(x), relu6: (x) => relu6(x) };
}
