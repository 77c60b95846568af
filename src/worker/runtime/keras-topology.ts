/**
 * The Keras topology types and readers the compiler uses; pure, so they live in
 * shared/models/keras-graph.ts (flops.ts reads topologies too) and are re-exported here.
 */
export {
  flattenTopology,
  inboundNames,
  modelConfigOf,
  NESTED_MODEL_CLASSES,
  type FlatTopology,
  type KerasLayerJson,
  type KerasModelJson,
} from '../../shared/models/keras-graph';
