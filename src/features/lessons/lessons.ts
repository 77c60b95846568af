/**
 * The workshop's path (the Captum / OmniXAI notebook it replaces) as guided steps. Each "try this"
 * is a set of URL parameters: applying it sets the controls exactly as a shared link would, so a
 * lesson step is reproducible and the app stays free to explore around it.
 */

export interface Reference {
  cite: string;
  title: string;
  url: string;
}

export interface TryThis {
  label: string;
  /** What the student will see, in a line. */
  note: string;
  /** Feature parameters (the URL contract; defaults left out); model, image and backend are kept unless given here. */
  params: Record<string, string>;
  /** A question about what this try shows, asked beside it (the step's own question closes the step). */
  question?: string;
}

export interface Lesson {
  id: string;
  title: string;
  text: string[];
  references: Reference[];
  tries: TryThis[];
  question: string;
}

const REF = {
  simonyan: { cite: 'Simonyan, Vedaldi & Zisserman 2014', title: 'Deep Inside Convolutional Networks: Visualising Image Classification Models and Saliency Maps', url: 'https://arxiv.org/abs/1312.6034' },
  ghorbani: { cite: 'Ghorbani, Abid & Zou 2019', title: 'Interpretation of Neural Networks Is Fragile', url: 'https://arxiv.org/abs/1710.10547' },
  adebayo: { cite: 'Adebayo et al. 2018', title: 'Sanity Checks for Saliency Maps', url: 'https://arxiv.org/abs/1810.03292' },
  binder: { cite: 'Binder et al. 2022', title: 'Shortcomings of Top-Down Randomization-Based Sanity Checks for Evaluations of Deep Neural Network Explanations', url: 'https://arxiv.org/abs/2211.12486' },
  kindermans: { cite: 'Kindermans et al. 2019', title: 'The (Un)reliability of Saliency Methods', url: 'https://arxiv.org/abs/1711.00867' },
  sundararajan: { cite: 'Sundararajan, Taly & Yan 2017', title: 'Axiomatic Attribution for Deep Networks (Integrated Gradients)', url: 'https://arxiv.org/abs/1703.01365' },
  sturmfels: { cite: 'Sturmfels, Lundberg & Lee 2020', title: 'Visualizing the Impact of Feature Attribution Baselines', url: 'https://distill.pub/2020/attribution-baselines/' },
  lundberg: { cite: 'Lundberg & Lee 2017', title: 'A Unified Approach to Interpreting Model Predictions (SHAP)', url: 'https://arxiv.org/abs/1705.07874' },
  shrikumar: { cite: 'Shrikumar, Greenside & Kundaje 2017', title: 'Learning Important Features Through Propagating Activation Differences (DeepLIFT)', url: 'https://arxiv.org/abs/1704.02685' },
  goodfellow: { cite: 'Goodfellow, Shlens & Szegedy 2015', title: 'Explaining and Harnessing Adversarial Examples (FGSM)', url: 'https://arxiv.org/abs/1412.6572' },
  wachter: { cite: 'Wachter, Mittelstadt & Russell 2017', title: 'Counterfactual Explanations without Opening the Black Box', url: 'https://arxiv.org/abs/1711.00399' },
  goyal: { cite: 'Goyal et al. 2019', title: 'Counterfactual Visual Explanations', url: 'https://arxiv.org/abs/1904.07451' },
  lapuschkin: { cite: 'Lapuschkin et al. 2019, Nature Communications 10:1096', title: 'Unmasking Clever Hans predictors and assessing what machines really learn', url: 'https://www.nature.com/articles/s41467-019-08987-4' },
  geirhos: { cite: 'Geirhos et al. 2020', title: 'Shortcut Learning in Deep Neural Networks', url: 'https://arxiv.org/abs/2004.07780' },
  selvaraju: { cite: 'Selvaraju et al. 2017', title: 'Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization', url: 'https://arxiv.org/abs/1610.02391' },
  petsiuk: { cite: 'Petsiuk, Das & Saenko 2018', title: 'RISE: Randomized Input Sampling for Explanation (insertion/deletion)', url: 'https://arxiv.org/abs/1806.07421' },
} satisfies Record<string, Reference>;

export const LESSONS: Lesson[] = [
  {
    id: 'predict',
    title: 'Load a photo and predict',
    text: [
      'The network sees a 224 × 224 crop: the photo is resized so its short side is 256 pixels, the centre is cut out, and the colours are scaled the way the model was trained. The box “Model input” shows exactly that crop.',
      'It answers with a score for each of 1,000 ImageNet classes. Raw scores are logits; the softmax turns them into probabilities that sum to 1. Both are shown.',
    ],
    references: [],
    tries: [
      { label: 'Open the goldfish', note: 'Sample photo of class 1, predicted by MobileNet.', params: { image: '1' } },
      { label: 'Try ResNet-50 on it', note: 'A bigger network: compare its top-5 and its confidence.', params: { image: '1', model: 'resnet50' } },
    ],
    question: 'The model is 99.99 % sure it is a goldfish. Does that tell you it is right for the right reasons?',
  },
  {
    id: 'saliency',
    title: 'Saliency and its pitfalls',
    text: [
      'Vanilla gradient saliency asks: if this pixel changed a little, how much would the class score change? It is cheap (one backward pass) and often looks like an outline of the object.',
      'But it is fragile. Tiny noise that does not change the prediction can change the map a lot; a network whose top layers are re-initialised at random can still give a similar-looking map (so the map partly shows the image, not the model); and adding a constant to every pixel, which a network can absorb exactly, changes some gradient-based maps.',
      'Adebayo et al. also randomise the data: they retrain the network on labels shuffled at random, so it can only memorise, and ask whether the maps of that network differ from the real one’s. That needs a training run, so it is for reading here, not for trying.',
      'The check has its critics. Binder et al. (2022) show that a map with no structure at all (noise) passes it best, since any map is scored by how unlike its original it becomes, and that randomising the top layers keeps the scale of the activations beneath them, so even a faithful map is expected to stay partly similar. A high similarity is a warning to think about, not a verdict.',
    ],
    references: [REF.simonyan, REF.ghorbani, REF.adebayo, REF.binder, REF.kindermans],
    tries: [
      { label: 'Saliency map', note: 'The gradient of the goldfish score, as a heat map.', params: { method: 'saliency' } },
      { label: 'Add a little noise', note: 'Noise σ = 8 levels: same prediction, compare the maps.', params: { method: 'saliency', lab: 'noise', lab_sigma: '8' } },
      { label: 'Randomise the top layers', note: 'Cascading randomisation of 3 layers: does the map notice?', params: { method: 'saliency', lab: 'randomization', lab_mode: 'cascade', lab_depth: '3' } },
      {
        label: 'Guided Backprop vs. the gradient under randomisation',
        note: 'Cascading randomisation of 4 layers, Guided Backprop and Saliency side by side on the same random models: one similarity line each.',
        params: { method: 'guided_backprop', lab: 'randomization', lab_mode: 'cascade', lab_depth: '4', lab_methods: 'saliency' },
        question: 'Guided Backprop barely changes when the top layers are random — what is it showing, if not the model?',
      },
      { label: 'Shift the input', note: 'Every pixel + 50, compensated in the first layer: same logits, same maps?', params: { method: 'saliency', lab: 'shift', lab_shift: '50' } },
    ],
    question: 'If a map barely changes when the model is destroyed, what is it explaining?',
  },
  {
    id: 'integrated-gradients',
    title: 'Integrated Gradients and baselines',
    text: [
      'Integrated Gradients adds up gradients along a straight path from a baseline image (for example black) to the photo. Its attributions sum to the score difference f(photo) − f(baseline): the convergence delta shows how far the numerical integral is from that.',
      'The baseline is a choice, and it matters: a black baseline says “black is absence”, so black pixels in the photo can never get credit.',
    ],
    references: [REF.sundararajan, REF.sturmfels],
    tries: [
      { label: 'IG with a black baseline', note: '50 steps; read the delta under the map.', params: { method: 'ig', baseline: 'black', steps: '50' } },
      {
        label: 'Compare baselines',
        note: 'The same IG (50 steps) from black, white, gray, uniform noise, Gaussian noise, blurred and zero baselines.',
        params: { method: 'ig', steps: '50', lab: 'baselines', lab_baselines: 'black,white,gray,uniform,gaussian,blur,zero' },
      },
      { label: 'How many steps?', note: '|delta| against the number of steps, per quadrature rule.', params: { method: 'ig', lab: 'convergence' } },
      {
        label: 'Walk the path',
        note: 'Slide α from the black baseline to the photo: the score along the path, the gradient at each point, and the attributions adding up to f(x) − f(baseline).',
        params: { method: 'ig', baseline: 'black', ig_path: '1', ig_path_baseline: 'black' },
        question: 'Where along the path does the goldfish score rise, and what does that say about how many steps IG needs?',
      },
    ],
    question: 'Which baseline means “nothing” for a photo of a goldfish on a dark background?',
  },
  {
    id: 'shap',
    title: 'SHAP methods: GradientShap and DeepLiftShap',
    text: [
      'Instead of one baseline, SHAP-style methods average over a distribution of baselines. GradientShap samples random points between baselines and the photo (with optional noise); DeepLiftShap propagates differences from each baseline with DeepLIFT’s rules.',
      'Both report a convergence delta: how far the attributions’ sum is from the average score difference.',
    ],
    references: [REF.lundberg, REF.shrikumar],
    tries: [
      { label: 'GradientShap', note: 'Black and white baselines, 5 samples.', params: { method: 'gradshap', dist: 'black_white', samples: '5' } },
      { label: 'Compare four methods', note: 'Saliency, IG, GradientShap and DeepLiftShap side by side, one shared scale where units agree.', params: { method: 'gradshap', compare: 'saliency,ig,gradshap,deepliftshap', scale: 'shared' } },
    ],
    question: 'The methods disagree in places. Which would you trust, and how could you check?',
  },
  {
    id: 'counterfactuals',
    title: 'Counterfactuals and adversarial examples',
    text: [
      'A counterfactual asks what would have to change for the model to say something else. The smallest such change can be invisible: that is an adversarial example.',
      'Swapping regions with a photo of another class shows which parts of the image the decision rests on.',
    ],
    references: [REF.goodfellow, REF.wachter, REF.goyal],
    tries: [
      { label: 'FGSM, ε = 2', note: 'Every pixel moves by at most 2 of 255 levels. Does the class change?', params: { method: 'saliency', attack: 'fgsm', epsilon: '2' } },
      { label: 'Smallest change to the runner-up', note: 'OmniXAI-style optimisation counterfactual, 30 iterations.', params: { cf: 'optimise', cf_iters: '30' } },
      { label: 'Swap regions', note: 'Cells of a 4 × 4 grid from a photo of the runner-up class, greedily, until the model agrees.', params: { cf: 'swap', cf_grid: '4' } },
    ],
    question: 'If two pixels’ worth of change flips the class, what does that say about the saliency map of the original?',
  },
  {
    id: 'own-model',
    title: 'Is your model right for the right reasons?',
    text: [
      'A model can be right for the wrong reasons. It learns whatever goes with the label in its training photos, and that can be a shortcut: a watermark, the background, the table the fruit lay on. Lapuschkin et al. (2019) found a classifier that recognised horses by the copyright tag in the corner of the horse photos: right answers, “Clever Hans” reasons. The explanations showed it; the accuracy did not.',
      'Your own model is the best place to look, because you know what was in its training photos. Upload it with “Upload model” (model.json, its weight file and metadata.json selected together, or the .zip Teachable Machine downloads). It appears in the model switcher under its own name, its predictions use its own class names, and every method, lab, attack and counterfactual runs on it. Its files never leave this computer, so no link can carry it: the steps below keep the model you uploaded.',
      'Worked example: the waste classifier in the workshop folder (waste-classifier-tm: 12 kinds of waste, trained by a student with Teachable Machine). Upload it, then open the banana: it says “biological”. Explain that with Grad-CAM and with Integrated Gradients. Is the map on the banana, or on the background, the table, the edges of the photo? If not on the banana, what in 12 classes of waste photos could have taught it that?',
    ],
    references: [REF.lapuschkin, REF.geirhos, REF.selvaraju, REF.sundararajan],
    tries: [
      {
        label: 'The banana, by Grad-CAM',
        note: 'The sample photo of a banana, explained by Grad-CAM at the last conv block of the model shown (upload yours first).',
        params: { image: '954', method: 'gradcam' },
        question: 'Is the warm region on the banana, or around it?',
      },
      { label: 'Integrated Gradients, 32 steps', note: 'Pixel by pixel from a black baseline: which pixels moved the score?', params: { method: 'ig', baseline: 'black', steps: '32' } },
      { label: 'Grad-CAM, IG and Occlusion side by side', note: 'Three ways to ask the same question; where do they agree?', params: { method: 'gradcam', compare: 'gradcam,ig,occlusion' } },
    ],
    question: 'Does your model look at the object, or at something that only happened to be in your training photos?',
  },
  {
    id: 'summary',
    title: 'Summary: check your explanations',
    text: [
      'No map is “the” explanation. Ask of each: does it change when the model changes (sanity checks)? Is it stable under changes the model ignores (noise, shifts)? Does it sum to something you can check (completeness, delta)? Does removing what it calls important actually hurt the prediction?',
      'The last question is a faithfulness test: delete the most salient pixels first and watch the probability fall, against a random order.',
    ],
    references: [REF.petsiuk, REF.adebayo],
    tries: [{ label: 'Insertion / deletion', note: 'Deletion and insertion curves of saliency, 10 points each, with AUCs.', params: { method: 'saliency', lab: 'insertion_deletion', lab_points: '10' } }],
    question: 'Pick the method you would use in a report. Which of today’s checks did it pass?',
  },
];

export const LESSON_IDS = LESSONS.map((l) => l.id);

export function lessonIndex(id: string | null): number {
  return id == null ? -1 : LESSON_IDS.indexOf(id);
}

/** URL parameters that describe where, not what: a "try this" keeps them. */
const KEPT = ['model', 'image', 'backend', 'lesson'];

/** The query string a "try this" leads to: the kept parameters, then exactly the step's own. */
export function trySearch(search: string, t: TryThis): string {
  const from = new URLSearchParams(search);
  const out = new URLSearchParams();
  for (const key of KEPT) {
    const v = t.params[key] ?? from.get(key);
    if (v != null) out.set(key, v);
  }
  for (const [key, value] of Object.entries(t.params)) if (!KEPT.includes(key)) out.set(key, value);
  const s = out.toString();
  return s ? `?${s}` : '';
}
