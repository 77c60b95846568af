/**
 * A Keras topology (tfjs layers-model `modelTopology`) as ONE flat functional graph of plain layers.
 * Pure data, both realms: the worker's compiler walks it (worker/runtime/compile.ts), flops.ts counts it.
 *
 * Nested models are inlined: an outer `Sequential` holding `Sequential`s and functional `Model`s (class
 * name "Functional" in newer Keras), as every Teachable Machine export is, becomes the layers of all of
 * them in order, each wired to what feeds it:
 *  - a Sequential chains its layers in order (Keras' Sequential config has no inbound nodes); when it is
 *    the outermost model and starts without an InputLayer, the input comes from its first layer's
 *    `batch_input_shape`, named `<first layer>_input` as Keras names it;
 *  - a nested functional model's InputLayer is replaced by what feeds the model, and whatever read the
 *    nested model's name reads its output layer instead;
 *  - layer names are kept, because weights are keyed by them in the weights manifest
 *    (`Conv1/kernel`, not `sequential_1/model1/Conv1/kernel`). A weightless layer whose name repeats one
 *    already taken is renamed `<nested model>/<name>`; a layer with weights cannot be (its weights could
 *    not be told apart) and is refused, as tfjs-layers refuses a duplicate weight name.
 * A top-level functional model without nesting comes out as its own layer list, unchanged.
 */

/** One layer of a Keras functional-model JSON (tfjs layers-model format). */
export interface KerasLayerJson {
  class_name: string;
  name?: string;
  config: Record<string, unknown> & { name: string };
  /** [[[inboundLayerName, nodeIndex, tensorIndex, kwargs], ...]] */
  inbound_nodes: Array<Array<[string, number, number, unknown]>>;
}

export interface KerasModelJson {
  class_name: string;
  config: { layers: KerasLayerJson[]; input_layers: Array<[string, number, number]>; output_layers: unknown };
}

/** The flat graph: layers in topological order, its input layers and the layers whose outputs are the model's. */
export interface FlatTopology {
  layers: KerasLayerJson[];
  inputs: string[];
  outputs: string[];
}

/** Class names of layers that are themselves models (inlined by flattenTopology). */
export const NESTED_MODEL_CLASSES: ReadonlySet<string> = new Set(['Sequential', 'Model', 'Functional']);

/** Layer classes that carry weights: a repeated name among them cannot be renamed. */
const WEIGHTED = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense', 'BatchNormalization', 'LayerNormalization', 'PReLU', 'Embedding']);

/** Accepts either a modelTopology object (with model_config) or the model_config itself. */
export function modelConfigOf(topology: unknown): KerasModelJson {
  const t = topology as { model_config?: KerasModelJson; class_name?: string };
  const cfg = t?.model_config ?? (t as KerasModelJson);
  if (!cfg || !Array.isArray(cfg.config?.layers)) {
    throw new Error('Model topology is not a Keras functional model (no config.layers).');
  }
  return cfg;
}

/** Names of the layers feeding `layer` (its one call). */
export function inboundNames(layer: KerasLayerJson): string[] {
  const nodes = layer.inbound_nodes ?? [];
  if (nodes.length > 1) {
    throw new Error(`Layer ${layer.config.name} is shared (called ${nodes.length} times); not supported.`);
  }
  const node = nodes[0] ?? [];
  if (!Array.isArray(node) || node.some((n) => !Array.isArray(n))) {
    throw new Error(`Layer ${layer.config.name} has inbound nodes in the Keras 3 format, which tfjs-layers 4 cannot read either; convert the model from a Keras 2 (tf.keras) model.`);
  }
  return node.map((n) => n[0]);
}

/** The model JSON of a topology (or model_config), Sequential or functional, nested or not. */
function rootModel(topology: unknown): { class_name: string; config: unknown } {
  const t = topology as { model_config?: { class_name: string; config: unknown }; class_name?: string; config?: unknown };
  const root = t?.model_config ?? t;
  if (!root || typeof root.class_name !== 'string' || root.config == null) {
    throw new Error('Model topology is not a Keras functional model or Sequential (no class_name and config).');
  }
  return root as { class_name: string; config: unknown };
}

const layerName = (l: KerasLayerJson): string => String(l.config?.name ?? l.name);

/** A Sequential's layers: `config.layers`, or `config` itself in the oldest Keras 2 format. */
function sequentialLayers(model: { config: unknown }): KerasLayerJson[] {
  const c = model.config as { layers?: unknown } | unknown[];
  const layers = Array.isArray(c) ? c : (c as { layers?: unknown }).layers;
  if (!Array.isArray(layers)) throw new Error('A Sequential model in the topology has no layers list.');
  return layers as KerasLayerJson[];
}

class Emitter {
  readonly layers: KerasLayerJson[] = [];
  private readonly taken = new Set<string>();

  /** Adds a layer (inbound names already resolved); returns its name in the flat graph. */
  emit(layer: KerasLayerJson, inbound: string[], scope: string): string {
    let name = layerName(layer);
    if (this.taken.has(name)) {
      if (WEIGHTED.has(layer.class_name)) {
        throw new Error(`Two layers are named ${name} (one in ${scope}): their weights cannot be told apart.`);
      }
      const base = `${scope}/${name}`;
      name = base;
      for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`;
    }
    this.taken.add(name);
    const old = layer.inbound_nodes?.[0] ?? [];
    const node = inbound.map((src, i): [string, number, number, unknown] => [src, 0, old[i]?.[2] ?? 0, old[i]?.[3] ?? {}]);
    this.layers.push({
      ...layer,
      name,
      config: name === layer.config.name ? layer.config : { ...layer.config, name },
      inbound_nodes: inbound.length ? [node] : [],
    });
    return name;
  }
}

/** Inlines `model` fed by `input` (null: it defines the graph input); returns its output's flat name. */
function inline(model: { class_name: string; config: unknown; name?: string }, input: string | null, out: Emitter, inputs: string[]): string[] {
  const scope = String((model.config as { name?: string })?.name ?? model.name ?? model.class_name);
  if (model.class_name === 'Sequential') {
    let current = input;
    for (const l of sequentialLayers(model)) {
      if (NESTED_MODEL_CLASSES.has(l.class_name)) {
        current = single(inline(l, current, out, inputs), layerName(l));
        continue;
      }
      if (l.class_name === 'InputLayer') {
        // The graph input when nothing feeds this Sequential; else the identity (what feeds it).
        if (current === null) inputs.push((current = out.emit(l, [], scope)));
        continue;
      }
      if (current === null) {
        const shape = l.config.batch_input_shape ?? l.config.batch_shape;
        if (!Array.isArray(shape)) {
          throw new Error(`The first layer of ${scope} (${layerName(l)}) does not give the model's input shape.`);
        }
        const inputLayer: KerasLayerJson = {
          class_name: 'InputLayer',
          config: { name: `${layerName(l)}_input`, batch_input_shape: shape, dtype: l.config.dtype ?? 'float32', sparse: false },
          inbound_nodes: [],
        };
        inputs.push((current = out.emit(inputLayer, [], scope)));
      }
      current = out.emit(l, [current], scope);
    }
    if (current === null) throw new Error(`${scope} has no layers.`);
    return [current];
  }
  if (!NESTED_MODEL_CLASSES.has(model.class_name)) throw new Error(`The topology's model class ${model.class_name} is not a Keras model.`);
  const cfg = modelConfigOf(model).config;
  const modelInputs = (cfg.input_layers ?? []).map((x) => x[0]);
  if (input !== null && modelInputs.length !== 1) {
    throw new Error(`The nested model ${scope} takes ${modelInputs.length} inputs; only one is supported.`);
  }
  const flatName = new Map<string, string>();
  const resolve = (n: string, user: string) => {
    const f = flatName.get(n);
    if (f === undefined) throw new Error(`Layer ${user} uses ${n} before it is defined.`);
    return f;
  };
  for (const l of cfg.layers) {
    const name = layerName(l);
    if (input !== null && l.class_name === 'InputLayer') {
      // What feeds the nested model takes the place of its input.
      flatName.set(name, input);
      continue;
    }
    const inbound = inboundNames(l).map((n) => resolve(n, name));
    if (NESTED_MODEL_CLASSES.has(l.class_name)) {
      if (inbound.length > 1) throw new Error(`The nested model ${name} is called on ${inbound.length} inputs; only one is supported.`);
      flatName.set(name, single(inline(l, inbound[0] ?? input, out, inputs), name));
      continue;
    }
    const flat = out.emit(l, inbound, scope);
    if (l.class_name === 'InputLayer') inputs.push(flat);
    flatName.set(name, flat);
  }
  const outputs = (Array.isArray(cfg.output_layers) ? cfg.output_layers : []) as Array<[string, number, number]>;
  return outputs.map((o) => resolve(o[0], `${scope} (its output)`));
}

/** The one output of a nested model. */
function single(outputs: string[], model: string): string {
  if (outputs.length !== 1) throw new Error(`The nested model ${model} has ${outputs.length} outputs; only one is supported.`);
  return outputs[0];
}

/** The topology as one flat functional graph (see the file comment). */
export function flattenTopology(topology: unknown): FlatTopology {
  const root = rootModel(topology);
  const out = new Emitter();
  const inputs: string[] = [];
  const outputs = inline(root, null, out, inputs);
  return { layers: out.layers, inputs, outputs };
}
