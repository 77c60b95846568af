import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { searchClasses, thumbUrl } from '../shared/models/labels';
import { selectSample } from '../client/actions';
import { useApp } from '../client/store';

const PAGE = 40;
const base = new URL('./', document.baseURI).href;

/** The 1,000 ImageNet sample photos, one per class, searchable by name or class index, paged. */
export function Gallery({ onPick }: { /** Called after a photo is chosen (the drawer closes on a phone). */ onPick?: () => void } = {}) {
  const labels = useApp((s) => s.labels);
  const current = useApp((s) => (s.image?.kind === 'sample' ? s.image.index : null));
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const [focused, setFocused] = useState<number | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const matches = useMemo(() => (labels ? searchClasses(labels, query) : []), [labels, query]);
  if (!labels) return <p className="muted">Loading the sample photos…</p>;
  const pages = Math.max(1, Math.ceil(matches.length / PAGE));
  const shown = matches.slice(page * PAGE, page * PAGE + PAGE);
  // One Tab stop for the whole page of photos (the last focused, else the current one, else the first);
  // the arrow keys, Home and End move between them, Enter or Space opens one.
  const stop = focused != null && shown.includes(focused) ? focused : current != null && shown.includes(current) ? current : shown[0];
  const onKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button.thumb') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const columns = Math.max(1, buttons.filter((b) => b.offsetTop === buttons[0].offsetTop).length);
    const moves: Record<string, number> = { ArrowLeft: at - 1, ArrowRight: at + 1, ArrowUp: at - columns, ArrowDown: at + columns, Home: 0, End: buttons.length - 1 };
    const to = moves[e.key];
    if (to == null) return;
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, to))].focus();
  };
  return (
    <section className="gallery" aria-label="ImageNet sample photos">
      <div className="gallery-bar">
        <input
          type="search"
          placeholder="Search 1,000 classes (name or number)"
          aria-label="Search classes"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPage(0);
          }}
        />
        <span className="muted">{matches.length} classes</span>
      </div>
      <ul className="thumbs" ref={list} onKeyDown={onKey} aria-label="Photos (arrow keys move between them)">
        {shown.map((i) => (
          <li key={i}>
            <button
              type="button"
              className={i === current ? 'thumb thumb-current' : 'thumb'}
              aria-current={i === current ? 'true' : undefined}
              tabIndex={i === stop ? 0 : -1}
              onFocus={() => setFocused(i)}
              onClick={() => {
                void selectSample(i);
                onPick?.();
              }}
              title={`#${i} ${labels.full[i]}`}
              data-class-index={i}
            >
              <img src={thumbUrl(i, base)} alt="" width={112} height={112} loading="lazy" decoding="async" />
              <span>{labels.display[i]}</span>
            </button>
          </li>
        ))}
      </ul>
      <nav className="pager" aria-label="Gallery pages">
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          Previous
        </button>
        <span>
          Page {page + 1} of {pages}
        </span>
        <button type="button" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
          Next
        </button>
      </nav>
    </section>
  );
}
