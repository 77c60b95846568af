import { LESSONS, lessonIndex } from '../lessons';
import { openLesson } from '../state/lessons';
import { tryLesson } from '../state/try-lesson';
import { useApp } from '../../../client/store';

/** The workshop's steps: text, papers, "try this" (sets the controls) and a question. The app stays free to explore. */
export function LessonPanel() {
  const id = useApp((s) => s.lesson);
  const busy = useApp((s) => s.model.status !== 'ready');
  const i = lessonIndex(id);
  if (i < 0) return null;
  const lesson = LESSONS[i];
  return (
    <section className="lesson" aria-labelledby="lesson-title" data-testid="lesson" data-lesson={lesson.id}>
      <div className="lesson-body">
        <h2 id="lesson-title">
          Step {i + 1} of {LESSONS.length}: {lesson.title}
        </h2>
        {lesson.text.map((t) => (
          <p key={t.slice(0, 24)}>{t}</p>
        ))}
        <div className="lesson-tries">
          <h3>Try this</h3>
          <ul>
            {lesson.tries.map((t, k) => (
              <li key={t.label}>
                <button type="button" className="button" disabled={busy} onClick={() => void tryLesson(k)}>
                  {t.label}
                </button>{' '}
                <span className="muted small">{t.note}</span>
                {t.question && (
                  <span className="lesson-try-question small">
                    {' '}
                    <strong>Think about it:</strong> {t.question}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
        <p className="lesson-question">
          <strong>Think about it:</strong> {lesson.question}
        </p>
        {lesson.references.length > 0 && (
          <details className="small">
            <summary>Papers</summary>
            <ul>
              {lesson.references.map((r) => (
                <li key={r.url}>
                  {r.cite}, <a href={r.url} target="_blank" rel="noreferrer noopener">{r.title}</a>
                </li>
              ))}
            </ul>
          </details>
        )}
        <div className="lesson-nav">
          <button type="button" className="button" disabled={i === 0} onClick={() => openLesson(LESSONS[i - 1].id)}>
            ← Previous
          </button>
          <button type="button" className="button" disabled={i === LESSONS.length - 1} onClick={() => openLesson(LESSONS[i + 1].id)}>
            Next →
          </button>
          <button type="button" className="button" onClick={() => openLesson(null)}>
            Close the lessons
          </button>
        </div>
        <details className="lesson-all-steps">
          <summary>All {LESSONS.length} steps</summary>
          <nav aria-label="Lesson steps">
            <ol className="lesson-steps">
              {LESSONS.map((l, k) => (
                <li key={l.id}>
                  <button type="button" className="link-button" aria-current={k === i ? 'step' : undefined} onClick={() => openLesson(l.id)}>
                    {k + 1}. {l.title}
                  </button>
                </li>
              ))}
            </ol>
          </nav>
        </details>
      </div>
    </section>
  );
}

/** Opens the first step (or closes them). */
export function LessonToggle() {
  const open = useApp((s) => s.lesson != null);
  return (
    <button type="button" className="button" aria-pressed={open} onClick={() => openLesson(open ? null : LESSONS[0].id)}>
      {open ? 'Hide lessons' : 'Guided lessons'}
    </button>
  );
}
