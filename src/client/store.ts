/**
 * The only zustand store: what the UI shows. Workers, tensors and files' bytes live elsewhere.
 * The page's own state is here; each feature's slice (its type and defaults) comes from the feature
 * (src/features/<f>/state/slice.ts) and is assembled below. Selectors keep their names: s.explain,
 * s.compare, s.lab, s.attack, s.cf, s.lesson.
 */
import { create } from 'zustand';
import type { ClassNames, Labels } from '../shared/models/labels';
import { DEFAULT_MODEL, type ModelId, type ModelSpec } from '../shared/models/registry';
import type { BackendReport, ClassifyResult, ModelInfo, Progress } from '../shared/protocol/messages';
import { DEFAULT_VIZ, type VizSettings } from '../shared/viz/settings';
import { explainSlice, type ExplainSlice } from '../features/explain/state/slice';
import { compareSlice, type CompareSlice } from '../features/compare/state/slice';
import { labSlice, type LabSlice } from '../features/labs/state/slice';
import { attackSlice, type AttackSlice } from '../features/attacks/state/slice';
import { cfSlice, type CfSlice } from '../features/counterfactuals/state/slice';
import { lessonSlice, type LessonSlice } from '../features/lessons/state/slice';
import { igPathSlice, type IgPathSlice } from '../features/ig-path/state/slice';

export type { RunFields } from './run-fields';
export type { ExplainState } from '../features/explain/state/slice';
export type { CompareState } from '../features/compare/state/slice';
export type { BaselinesLabResult, ConvergenceLabResult, LabState, LabView } from '../features/labs/state/slice';
export type { AttackState } from '../features/attacks/state/slice';
export type { CfState } from '../features/counterfactuals/state/slice';

export type ImageChoice = { kind: 'sample'; index: number } | { kind: 'file'; name: string; file: File };

/** A model the student uploaded in this page session: its spec and its class names (from metadata.json). */
export interface UploadedModel {
  spec: ModelSpec;
  names: ClassNames;
}

export interface ModelState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  progress?: Progress;
  info?: ModelInfo;
}

/** The page's own state: model, photo, prediction, messages, display settings. */
export interface CoreState {
  modelId: ModelId;
  backend: BackendReport | null;
  model: ModelState;
  /** ImageNet's class names and sample photos (the app's models' classes; the gallery's photos for every model). */
  labels: Labels | null;
  /** Models uploaded in this page session, in upload order (the switcher lists them after the app's own). */
  uploadedModels: UploadedModel[];
  /** The image whose result is shown; kept when a new image fails, so nothing is lost. */
  image: ImageChoice | null;
  result: ClassifyResult | null;
  /** Set while an image is being classified (it may differ from `image` until it succeeds). */
  pending: { choice: ImageChoice; progress?: Progress } | null;
  alert: string | null;
  notice: string | null;
  viz: VizSettings;
  /** The workspace's open tab: a feature id (src/client/workspace.ts). */
  tab: string;
}

export interface AppState extends CoreState, ExplainSlice, CompareSlice, LabSlice, AttackSlice, CfSlice, LessonSlice, IgPathSlice {}

export const useApp = create<AppState>(() => ({
  modelId: DEFAULT_MODEL,
  backend: null,
  model: { status: 'idle' },
  labels: null,
  uploadedModels: [],
  image: null,
  result: null,
  pending: null,
  alert: null,
  notice: null,
  viz: DEFAULT_VIZ,
  tab: 'explain',
  ...explainSlice(),
  ...compareSlice(),
  ...labSlice(),
  ...attackSlice(),
  ...cfSlice(),
  ...lessonSlice(),
  ...igPathSlice(),
}));

export const setApp = useApp.setState;
export const getApp = useApp.getState;

export function describeChoice(choice: ImageChoice, labels: Labels | null): string {
  if (choice.kind === 'file') return choice.name;
  return labels ? `sample #${choice.index}: ${labels.display[choice.index]}` : `sample #${choice.index}`;
}

/** The class names of the model `s` shows: ImageNet's for the app's models, the upload's own for an uploaded one. */
export function classNamesOf(s: Pick<CoreState, 'modelId' | 'labels' | 'uploadedModels'>): ClassNames | null {
  return s.uploadedModels.find((m) => m.spec.id === s.modelId)?.names ?? s.labels;
}

/** Hook: the shown model's class names (stable references, so a component re-renders only when they change). */
export const useClassNames = (): ClassNames | null => useApp(classNamesOf);
