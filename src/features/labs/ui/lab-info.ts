/** What each pitfall lab shows, in plain words, with the paper it comes from. */
import type { LabId } from '../protocol';

export interface LabInfo {
  label: string;
  lesson: string;
  paper: string;
  question: string;
}

export const LAB_INFO: Record<LabId, LabInfo> = {
  noise: {
    label: 'Noise fragility',
    lesson:
      'Add noise too faint to change the prediction and explain again. If the map changes a lot while the model still says the same thing, the map was describing the gradient’s noise, not what the model relies on.',
    paper: 'Ghorbani, Abid & Zou 2019, “Interpretation of Neural Networks Is Fragile”, AAAI',
    question: 'Which methods keep their map under noise: plain gradients, or SmoothGrad (NoiseTunnel) and Integrated Gradients?',
  },
  randomization: {
    label: 'Model randomisation',
    lesson:
      'Destroy the network layer by layer from the top (cascading) or one layer at a time, and explain again. A map that explains the model must change when the model is destroyed; one that stays similar mostly shows the image (its edges), not the model.',
    paper: 'Adebayo et al. 2018, “Sanity Checks for Saliency Maps”, NeurIPS',
    question: 'After randomising the top layer the predictions are nonsense. Does the map still look like the goldfish?',
  },
  shift: {
    label: 'Input shift',
    lesson:
      'Add a constant to every pixel and take it back out in the first layer’s bias: the model computes exactly the same function (the logit difference is shown). An explanation of the same function should not change. Gradients do not; Input × Gradient and IG with a zero baseline do; IG with a baseline that moves with the data does not.',
    paper: 'Kindermans et al. 2019, “The (Un)reliability of Saliency Methods”, in Explainable AI (LNCS 11700)',
    question: 'Which reference point does each method compare the image against, and did it move with the shift?',
  },
  baselines: {
    label: 'Baseline choice',
    lesson:
      'Integrated Gradients explains the difference between the image and a baseline. Black, white, noise and blur each ask a different question, so each gives a different map; the convergence delta says how well each run added up.',
    paper: 'Sundararajan et al. 2017, “Axiomatic Attribution for Deep Networks”, ICML; Sturmfels et al. 2020, “Visualizing the Impact of Feature Attribution Baselines”, Distill',
    question: 'With a black baseline, can a black pixel ever get attribution? What does that mean for a black cat?',
  },
  convergence: {
    label: 'Convergence',
    lesson:
      'IG’s attributions should add up to f(x) − f(baseline). The convergence delta is how far the numerical integral is from that. More steps shrink it; a better quadrature (Gauss–Legendre) shrinks it faster. Captum’s riemann_trapezoid weights its n points 1/n with halved ends, so its weights sum to (n − 1)/n: its delta stays near −(f(x) − f(baseline))/n and falls only like 1/n, like the left and right rules. “trapezoid” is the textbook rule on the same points (weights 1/(n − 1)), which falls like 1/n².',
    paper: 'Sundararajan et al. 2017, “Axiomatic Attribution for Deep Networks”, ICML',
    question: 'How many steps does each quadrature need before the delta is under 1 % of f(x) − f(baseline)? Why does riemann_trapezoid need about 100?',
  },
  insertion_deletion: {
    label: 'Insertion / deletion',
    lesson:
      'Remove the pixels the map calls most important first: if the map is faithful, the class probability falls fast (low deletion AUC). Insert them first into a blurred image: it should rise fast (high insertion AUC). A random order is the bar any map must beat. Click a point to see that image.',
    paper: 'Petsiuk, Das & Saenko 2018, “RISE: Randomized Input Sampling for Explanation of Black-box Models”, BMVC',
    question: 'Does the map beat random on both curves? Deleting pixels also creates shapes the model never saw: what else could make the probability fall?',
  },
};
