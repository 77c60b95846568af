/**
 * Floating-point work of one forward pass of a Keras model (tfjs layers-model `modelTopology`; nested
 * models are inlined by keras-graph.ts), counted from the topology alone: shapes are inferred layer by layer from the input
 * size, and every Conv2D, DepthwiseConv2D and Dense (matmul) layer contributes its multiply-accumulates
 * (MACs). Convention: **FLOP = 2 × MAC**; bias adds, BatchNorm, activations, pooling and residual adds are
 * not counted (they are < 1 % here and are not what papers count). Published multiply-adds (MACs) to
 * compare with: MobileNet v1 0.75 at 224 × 224, 325 M (Howard et al. 2017, Table 6,
 * https://arxiv.org/abs/1704.04861); ResNet-50, 3.8 G (He et al. 2015, Table 1, https://arxiv.org/abs/1512.03385;
 * the 4.1 G often quoted is torchvision's v1.5, stride on the 3 × 3 conv; Keras' ResNet50 is v1).
 *
 * Pure data in, numbers out: both realms and the Node scripts (bench, webgpu-node) use it.
 */

import { flattenTopology, type KerasLayerJson as LayerJson } from './keras-graph';

export interface LayerWork {
  name: string;
  className: string;
  /** Output shape without the batch dimension, e.g. [112, 112, 24]. */
  shape: number[];
  macs: number;
}

export interface ForwardWork {
  inputSize: number;
  /** Multiply-accumulates of one forward pass of one image (conv, depthwise conv, dense). */
  macs: number;
  /** 2 × macs. */
  flops: number;
  layers: LayerWork[];
}

const pair = (v: unknown, fallback: number): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : v == null ? [fallback, fallback] : [Number(v), Number(v)];

/** Output size of a conv or pool along one axis (TensorFlow's 'same' / 'valid'). */
function outSize(n: number, k: number, stride: number, dilation: number, padding: unknown): number {
  const eff = (k - 1) * dilation + 1;
  if (padding === 'same') return Math.ceil(n / stride);
  if (padding === 'valid') return Math.floor((n - eff) / stride) + 1;
  throw new Error(`Padding ${String(padding)} is not supported.`);
}

function layersOf(topology: unknown): LayerJson[] {
  return flattenTopology(topology).layers;
}

/** Shape and MACs of one layer, given its inputs' shapes (batch dimension dropped). */
function layerWork(l: LayerJson, ins: number[][], inputSize: number): { shape: number[]; macs: number } {
  const cfg = l.config;
  const x = ins[0];
  switch (l.class_name) {
    case 'InputLayer': {
      const s = (cfg.batch_input_shape ?? cfg.batch_shape) as Array<number | null> | undefined;
      const channels = s?.[3] ?? 3;
      return { shape: [inputSize, inputSize, channels], macs: 0 };
    }
    case 'Conv2D':
    case 'DepthwiseConv2D': {
      const [kh, kw] = pair(cfg.kernel_size, 1);
      const [sh, sw] = pair(cfg.strides, 1);
      const [dh, dw] = pair(cfg.dilation_rate, 1);
      const h = outSize(x[0], kh, sh, dh, cfg.padding);
      const w = outSize(x[1], kw, sw, dw, cfg.padding);
      const cin = x[2];
      if (l.class_name === 'Conv2D') {
        const cout = Number(cfg.filters);
        return { shape: [h, w, cout], macs: h * w * cout * kh * kw * cin };
      }
      const cout = cin * Number(cfg.depth_multiplier ?? 1);
      return { shape: [h, w, cout], macs: h * w * cout * kh * kw };
    }
    case 'Dense': {
      const units = Number(cfg.units);
      const rows = x.slice(0, -1).reduce((a, b) => a * b, 1);
      return { shape: [...x.slice(0, -1), units], macs: rows * x[x.length - 1] * units };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const [ph, pw] = pair(cfg.pool_size, 2);
      const [sh, sw] = pair(cfg.strides ?? cfg.pool_size, 2);
      return { shape: [outSize(x[0], ph, sh, 1, cfg.padding), outSize(x[1], pw, sw, 1, cfg.padding), x[2]], macs: 0 };
    }
    case 'ZeroPadding2D': {
      const p = cfg.padding as number | [number, number] | [[number, number], [number, number]];
      const [[t, b], [le, r]] = Array.isArray(p)
        ? Array.isArray(p[0])
          ? (p as [[number, number], [number, number]])
          : [[p[0] as number, p[0] as number], [p[1] as number, p[1] as number]]
        : [[p, p], [p, p]];
      return { shape: [x[0] + t + b, x[1] + le + r, x[2]], macs: 0 };
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      return { shape: cfg.keepdims ? [1, 1, x[2]] : [x[2]], macs: 0 };
    case 'Reshape':
      return { shape: [...(cfg.target_shape as number[])], macs: 0 };
    case 'Flatten':
      return { shape: [x.reduce((a, b) => a * b, 1)], macs: 0 };
    case 'Add':
    case 'BatchNormalization':
    case 'Rescaling':
    case 'Softmax':
    case 'Activation':
    case 'ReLU':
    case 'Dropout':
      return { shape: x, macs: 0 };
    default:
      throw new Error(`Layer type ${l.class_name} (${cfg.name}) is not counted.`);
  }
}

/** Work of one forward pass of one image at inputSize × inputSize, layer by layer. */
export function forwardWork(topology: unknown, inputSize = 224): ForwardWork {
  const shapes = new Map<string, number[]>();
  const layers: LayerWork[] = [];
  for (const l of layersOf(topology)) {
    const inbound = (l.inbound_nodes[0] ?? []).map((n) => {
      const s = shapes.get(n[0]);
      if (!s) throw new Error(`Layer ${l.config.name} uses ${n[0]} before it is defined.`);
      return s;
    });
    const { shape, macs } = layerWork(l, inbound, inputSize);
    shapes.set(l.config.name, shape);
    layers.push({ name: l.config.name, className: l.class_name, shape, macs });
  }
  const macs = layers.reduce((s, l) => s + l.macs, 0);
  return { inputSize, macs, flops: 2 * macs, layers };
}
