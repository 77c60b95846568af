import { useMemo, useState } from 'react';
import { searchClasses } from '../../../shared/models/labels';
import { updateParams } from '../state/explain';
import { useApp, useClassNames } from '../../../client/store';

/** The class to explain: the prediction by default, or any of the model's classes (searchable; a short list is listed whole). */
export function TargetPicker() {
  const labels = useClassNames();
  const target = useApp((s) => s.explain.params.target);
  const top = useApp((s) => s.result?.top);
  const [query, setQuery] = useState('');
  const matches = useMemo(() => (labels && (query || labels.display.length <= 50) ? searchClasses(labels, query).slice(0, 50) : []), [labels, query]);
  const name = (i: number) => `${labels?.display[i] ?? 'class'} #${i}`;
  const options = [...new Set([...(top ?? []).map((c) => c.index), ...matches, ...(target != null ? [target] : [])])];
  return (
    <div className="field target">
      <label htmlFor="target-select">Target class</label>
      <select
        id="target-select"
        value={target ?? 'predicted'}
        onChange={(e) => updateParams({ target: e.target.value === 'predicted' ? null : Number(e.target.value) })}
      >
        <option value="predicted">Predicted class{top ? ` (${name(top[0].index)})` : ''}</option>
        {options.map((i) => (
          <option key={i} value={i}>
            {name(i)}
          </option>
        ))}
      </select>
      <input type="search" placeholder="Find another class…" aria-label="Search target class" value={query} onChange={(e) => setQuery(e.target.value)} />
    </div>
  );
}
