/**
 * The guided lesson step shown (URL `lesson=<id>`). Its "try this" actions are in try-lesson.ts:
 * they call client/actions, which initialises this state, so they live above it.
 */
import { LESSON_IDS } from '../lessons';
import { setApp } from '../../../client/store';
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
