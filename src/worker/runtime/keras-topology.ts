/** The subset of a Keras functional-model JSON (tfjs layers-model format) that the compiler reads. */
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

/** Accepts either a modelTopology object (with model_config) or the model_config itself. */
export function modelConfigOf(topology: unknown): KerasModelJson {
  const t = topology as { model_config?: KerasModelJson; class_name?: string };
  const cfg = t.model_config ?? (t as KerasModelJson);
  if (!cfg || !Array.isArray(cfg.config?.layers)) {
    throw new Error('Model topology is not a Keras functional model (no config.layers).');
  }
  return cfg;
}

export function inboundNames(layer: KerasLayerJson): string[] {
  if (layer.inbound_nodes.length > 1) {
    throw new Error(`Layer ${layer.config.name} is shared (called ${layer.inbound_nodes.length} times); not supported.`);
  }
  return (layer.inbound_nodes[0] ?? []).map((n) => n[0]);
}
