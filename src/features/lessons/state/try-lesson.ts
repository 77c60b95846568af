/** A lesson step's "try this": sets the controls from its query string and runs what it asks for. */
import { LESSONS, trySearch } from '../lessons';
import { applySearch } from '../../../client/actions';
import { getApp } from '../../../client/store';

export function tryLesson(index: number): Promise<void> {
  const lesson = LESSONS.find((l) => l.id === getApp().lesson);
  const t = lesson?.tries[index];
  return t ? applySearch(trySearch(location.search, t)) : Promise.resolve();
}
