/** Guided lessons: a toggle in the header, the step shown beside the pictures. */
import type { FeatureDescriptor } from '../../client/feature';
import { initLesson } from './state/lessons';
import { LessonPanel, LessonToggle } from './ui/LessonPanel';

export const lessonsFeature: FeatureDescriptor = {
  id: 'lessons',
  HeaderControl: LessonToggle,
  Aside: LessonPanel,
  init: initLesson,
};
