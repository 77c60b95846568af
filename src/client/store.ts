/** The only zustand store: what the UI shows. Workers, tensors and files' bytes live elsewhere. */
import { create } from 'zustand';
import type { Labels } from '../shared/models/labels';
import { DEFAULT_MODEL, type ModelId } from '../shared/models/registry';
import type { AttributionOutput, BackendReport, ClassifyResult, ModelInfo, Progress } from '../shared/protocol/messages';
import { DEFAULT_PARAMS, type AttributionParams, type MethodId } from '../methods/params';
import { DEFAULT_VIZ, type VizSettings } from '../shared/viz/settings';
import type { ApproximationMethod } from '../methods/ig/approximation';
import type { LabId, LabResult } from '../features/labs/protocol';
import { DEFAULT_LAB_SETTINGS, type LabSettings } from '../features/labs/state/lab-settings';
import type { AttackResult } from '../features/attacks/protocol';
import { DEFAULT_ATTACK, type AttackSettings } from '../features/attacks/state/attack-settings';
import type { CounterfactualResult } from '../features/counterfactuals/protocol';
import { DEFAULT_CF, type CfSettings } from '../features/counterfactuals/state/cf-settings';
import type { RunFields } from './run-fields';

export type ImageChoice = { kind: 'sample'; index: number } | { kind: 'file'; name: string; file: File };

export interface ModelState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  progress?: Progress;
  info?: ModelInfo;
}

export interface ExplainState {
  /** Set once the student asks for an explanation (or the URL names a method); then changes re-run it. */
  enabled: boolean;
  params: AttributionParams;
  status: 'idle' | 'running' | 'done' | 'error';
  progress?: Progress;
  result?: AttributionOutput;
  error?: string;
}

export interface CompareState {
  /** Methods in the comparison grid (URL `compare=`); empty = no grid. */
  methods: MethodId[];
  status: 'idle' | 'running' | 'done' | 'error';
  /** The method being computed and its place in the queue. */
  current?: { method: MethodId; index: number; total: number; progress?: Progress };
  /** Results for the current image, model and target, in `methods` order as they arrive. */
  results: AttributionOutput[];
  error?: string;
}

/** Labs the page runs itself, as several ordinary attribution requests. */
export interface BaselinesLabResult {
  lab: 'baselines';
  results: AttributionOutput[];
}

export interface ConvergenceLabResult {
  lab: 'convergence';
  points: Array<{ approximation: ApproximationMethod; steps: number; delta: number; outputDifference: number }>;
}

export type LabView = LabResult | BaselinesLabResult | ConvergenceLabResult;

export type { RunFields } from './run-fields';

export interface LabState extends RunFields<LabView> {
  /** The lab shown (URL `lab=`); null = none. */
  open: LabId | null;
  /** Set once a lab was asked to run (by the URL or the Run button); then a new image re-runs it. */
  armed: boolean;
  settings: LabSettings;
}

export interface AttackState extends RunFields<AttackResult> {
  /** Shown and re-run for each new image once asked for (URL `attack=` or the Run button). */
  armed: boolean;
  settings: AttackSettings;
}

export interface CfState extends RunFields<CounterfactualResult> {
  /** Shown and re-run for each new image once asked for (URL `cf=` or the Run button). */
  armed: boolean;
  settings: CfSettings;
  /** A photo of the target class the student chose for the region swap (not in the URL). */
  distractorFile?: { file: File; name: string };
}

export interface AppState {
  modelId: ModelId;
  backend: BackendReport | null;
  model: ModelState;
  labels: Labels | null;
  /** The image whose result is shown; kept when a new image fails, so nothing is lost. */
  image: ImageChoice | null;
  result: ClassifyResult | null;
  /** Set while an image is being classified (it may differ from `image` until it succeeds). */
  pending: { choice: ImageChoice; progress?: Progress } | null;
  alert: string | null;
  notice: string | null;
  explain: ExplainState;
  viz: VizSettings;
  compare: CompareState;
  lab: LabState;
  attack: AttackState;
  cf: CfState;
  /** The guided lesson step shown (URL `lesson=`), or null. */
  lesson: string | null;
}

export const useApp = create<AppState>(() => ({
  modelId: DEFAULT_MODEL,
  backend: null,
  model: { status: 'idle' },
  labels: null,
  image: null,
  result: null,
  pending: null,
  alert: null,
  notice: null,
  explain: { enabled: false, params: DEFAULT_PARAMS, status: 'idle' },
  viz: DEFAULT_VIZ,
  compare: { methods: [], status: 'idle', results: [] },
  lab: { open: null, armed: false, settings: DEFAULT_LAB_SETTINGS, status: 'idle' },
  attack: { armed: false, settings: DEFAULT_ATTACK, status: 'idle' },
  cf: { armed: false, settings: DEFAULT_CF, status: 'idle' },
  lesson: null,
}));

export const setApp = useApp.setState;
export const getApp = useApp.getState;

export function describeChoice(choice: ImageChoice, labels: Labels | null): string {
  if (choice.kind === 'file') return choice.name;
  return labels ? `sample #${choice.index}: ${labels.display[choice.index]}` : `sample #${choice.index}`;
}
