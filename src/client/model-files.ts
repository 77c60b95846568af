/** Telling a model's files from a photo by their names (a drop on the page can be either). */

/** Model files, by name: model.json, weight shards (.bin, or tfjs' extensionless group1-shard1of1), metadata.json, a zip. */
export const isModelFileName = (name: string): boolean => /\.(json|bin|zip)$/i.test(name) || /shard\d+of\d+$/i.test(name);

/** Whether dropped files are a model rather than a photo: any of them named like a model file. */
export const looksLikeModelFiles = (files: readonly { name: string }[]): boolean => files.some((f) => isModelFileName(f.name));
