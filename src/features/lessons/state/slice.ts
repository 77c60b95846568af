/** The lessons' part of the store (`s.lesson`). */
export interface LessonSlice {
  /** The guided lesson step shown (URL `lesson=`), or null. */
  lesson: string | null;
}

export const lessonSlice = (): LessonSlice => ({ lesson: null });
