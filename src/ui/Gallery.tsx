import { useMemo, useState } from 'react';
import { searchClasses, thumbUrl } from '../models/labels';
import { selectSample } from '../state/actions';
import { useApp } from '../state/store';

const PAGE = 40;
const base = new URL('./', document.baseURI).href;

/** The 1,000 ImageNet sample photos, one per class, searchable by name or class index, paged. */
export function Gallery() {
  const labels = useApp((s) => s.labels);
  const current = useApp((s) => (s.image?.kind === 'sample' ? s.image.index : null));
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const matches = useMemo(() => (labels ? searchClasses(labels, query) : []), [labels, query]);
  if (!labels) return <p className="muted">Loading the sample photos…</p>;
  const pages = Math.max(1, Math.ceil(matches.length / PAGE));
  const shown = matches.slice(page * PAGE, page * PAGE + PAGE);
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
      <ul className="thumbs">
        {shown.map((i) => (
          <li key={i}>
            <button
              type="button"
              className={i === current ? 'thumb thumb-current' : 'thumb'}
              onClick={() => void selectSample(i)}
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
