import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { Gallery } from './Gallery';

/** A phone's drawer covers the page: it closes once a photo is chosen. */
const isPhone = () => matchMedia('(max-width: 719px)').matches;

/**
 * The 1,000 ImageNet sample photos, on demand: a sheet over the tabs (the photo and its prediction stay
 * visible beside it, so a pick shows at once). It stays open for browsing until closed (Escape too), except
 * on a phone.
 */
export function PhotoDrawer() {
  const [open, setOpen] = useState(false);
  const sheet = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!open) return;
    sheet.current?.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <>
      <button type="button" className="button" aria-expanded={open} aria-controls="photo-drawer" onClick={() => setOpen(!open)}>
        Sample photos
      </button>
      {/* In <body>: the sticky stage is a stacking context the sheet must not be drawn inside. */}
      {open && createPortal(
        <aside className="drawer" id="photo-drawer" aria-label="Choose a sample photo" ref={sheet}>
          <div className="drawer-bar">
            <h2>Sample photos</h2>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
          <Gallery onPick={() => isPhone() && setOpen(false)} />
        </aside>,
        document.body,
      )}
    </>
  );
}
