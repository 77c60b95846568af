/** The guided lesson step shown (URL `lesson=<id>`) and its "try this" actions. */
import { LESSON_IDS, LESSONS, trySearch } from '../lessons';
import { applySearch } from '../../../client/actions';
import { getApp, setApp } from '../../../client/store';
import { replaceSearch } from '../../../client/url';

export function initLesson(search: string): void {
  const id = new URLSearchParams(search).get('lesson');
  setApp({ lesson: id != null && LESSON_IDS.includes(id) ? id : null });
}

/** Shows a step (null closes the lessons) without touching any other control. */
export function openLesson(id: string | null): void {
  setApp({ lesson: id });
  const p = new URLSearchParams(location.search);
  if (id) p.set('lesson', id);
  else p.delete('lesson');
  const s = p.toString();
  replaceSearch(s ? `?${s}` : '');
}

export function tryLesson(index: number): Promise<void> {
  const lesson = LESSONS.find((l) => l.id === getApp().lesson);
  const t = lesson?.tries[index];
  return t ? applySearch(trySearch(location.search, t)) : Promise.resolve();
}
