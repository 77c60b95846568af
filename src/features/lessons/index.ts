/** Guided lessons: a toggle in the header, the step shown above the layout. */
import type { FeatureDescriptor } from '../../client/feature';
import { initLesson } from './state/lessons';
import { LessonPanel, LessonToggle } from './ui/LessonPanel';

export const lessonsFeature: FeatureDescriptor = {
  id: 'lessons',
  HeaderControl: LessonToggle,
  Banner: LessonPanel,
  init: initLesson,
};
