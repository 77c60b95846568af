import type { ClassScore } from '../../../shared/protocol/messages';
import { useClassNames } from '../../../client/store';
import { formatProbability } from '../../../ui/format';

/** A compact top-k list: class name, probability. */
export function TopClasses({ title, top }: { title: string; top: ClassScore[] }) {
  const labels = useClassNames();
  return (
    <div className="top-classes">
      <h3>{title}</h3>
      <ol>
        {top.map((c) => (
          <li key={c.index} data-class-index={c.index}>
            {labels?.display[c.index] ?? `class ${c.index}`} <span className="muted">#{c.index}</span> — {formatProbability(c.probability)}
          </li>
        ))}
      </ol>
    </div>
  );
}
