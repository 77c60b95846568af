/**
 * The vocabulary of method metadata: a parameter's spec (its field in ParamValues, its URL key,
 * kind, default and range, the text of its control) and a method's entry (label, paper, units,
 * capability flags, where it differs from Captum, its parameters). Pure data: the main thread reads it
 * for the URL, the controls and the cache; the worker reads it for dispatch.
 */
import type { ParamValues } from './values';

/** The ParamValues fields (but `method`, whose type the registry derives from these specs) of type T. */
type MethodFree = ParamValues;
type FieldsOf<T> = { [K in keyof MethodFree]-?: MethodFree[K] extends T ? K : never }[keyof MethodFree];

interface SpecBase {
  /** The URL query key. */
  url: string;
  /** The control's label (also its accessible name). */
  label: string;
  /** An older URL key read when `url` is absent (links made before `url` existed keep their meaning). */
  legacyUrl?: string;
  /** Whether the value makes the method draw random numbers (then the Seed control is shown). */
  seeded?: boolean;
  /** The control is shown only when this holds (default: whenever the method is chosen). */
  shownWhen?(p: ParamValues): boolean;
  /**
   * When given, the URL carries the key exactly when this holds, even at its default (otherwise only a
   * value different from the default is written).
   */
  writtenWhen?(p: ParamValues): boolean;
}

export interface NumberSpec extends SpecBase {
  kind: 'int' | 'float';
  key: FieldsOf<number | null>;
  /** null only for the nullable fields (target, batch): null = chosen by the app. */
  default: number | null;
  /** The least value the URL accepts; `minFor` may raise it from other parameters. */
  min: number;
  max: number;
  /** The least value given the other parameters (the parser raises a smaller value to it). */
  minFor?(p: ParamValues): number;
  /** The number input's step (default 1). */
  step?: number;
}

export interface EnumSpec extends SpecBase {
  kind: 'enum';
  key: FieldsOf<string>;
  default: string;
  values: readonly string[];
  /** Option texts; a value without one shows itself. */
  names?: Readonly<Record<string, string>>;
}

export interface BoolSpec extends SpecBase {
  kind: 'bool';
  key: FieldsOf<boolean>;
  default: boolean;
}

/**
 * A CAM method's layer (`layer=`): a layer name whose valid values depend on the model, so the URL keeps
 * any name and the request says clearly when the model has no such layer (methods/cam-layer.ts).
 */
export interface LayerSpec extends SpecBase {
  kind: 'layer';
  key: 'layer';
  /** '' = the model's last conv block. */
  default: '';
}

export type ParamSpec = NumberSpec | EnumSpec | BoolSpec | LayerSpec;

export type AttributionUnits =
  | 'logit' | 'gradient' | 'occlusion' | 'gradcam' | 'gradcam_pp' | 'score_cam' | 'guided_gradcam' | 'ablation' | 'segment_logit' | 'lime' | 'xrai';

/** A method's entry: everything about it but its implementation (which is worker-realm, in run.ts). */
export interface MethodMeta<Id extends string = string> {
  id: Id;
  label: string;
  paper: string;
  /** What one value of the map measures; maps share a colour scale only within the same units. */
  units: AttributionUnits;
  /**
   * How the displayed H x W map is made from the channels: 'sum' (Captum's visualisation, each channel a
   * share) or 'copies' (every channel holds the same value, as Occlusion's; the map is one channel).
   */
  channels: 'sum' | 'copies';
  /** Whether Captum defines a convergence delta for it. */
  hasDelta: boolean;
  /** Reads the request's pixel-space baseline (then `params` holds the baseline spec). */
  needsBaseline: boolean;
  /** Reads the baseline distribution of the SHAP methods (then `params` holds the dist spec). */
  usesDistribution: boolean;
  /** Reads a CAM layer (`layer=`; default the model's last conv block), resolved by methods/cam-layer.ts. */
  layer: boolean;
  /** The parameters the method reads, in the order of their controls. */
  params: readonly ParamSpec[];
  /** Where and why this differs from Captum, shown next to the controls. */
  captumDifference?: string;
}

export const defineMethod = <const Id extends string>(meta: MethodMeta<Id>): MethodMeta<Id> => meta;
