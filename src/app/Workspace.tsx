import { useRef, type KeyboardEvent } from 'react';
import { useApp } from '../client/store';
import { openTab } from '../client/workspace';
import { FEATURES } from './features';

const TABS = FEATURES.filter((f) => f.tab && f.Panel);

/**
 * The features as tabs (WAI-ARIA tabs: arrow keys, Home and End move between them). Only the open tab's
 * panel is rendered (one set of controls in the page); a feature's runs and results live in the store,
 * so a run keeps going in a closed tab and shows again when it reopens.
 */
export function Workspace() {
  const open = useApp((s) => s.tab);
  const list = useRef<HTMLDivElement>(null);
  const current = TABS.some((f) => f.id === open) ? open : TABS[0]?.id;
  const onKey = (e: KeyboardEvent) => {
    const at = TABS.findIndex((f) => f.id === current);
    const moves: Record<string, number> = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: TABS.length - 1 };
    const to = moves[e.key];
    if (to == null) return;
    e.preventDefault();
    const next = TABS[(to + TABS.length) % TABS.length];
    openTab(next.id);
    list.current?.querySelector<HTMLButtonElement>(`#tab-${next.id}`)?.focus();
  };
  return (
    <div className="tabs-area">
      <div className="tabs" role="tablist" aria-label="Workspace" ref={list} onKeyDown={onKey}>
        {TABS.map((f) => (
          <button
            key={f.id}
            type="button"
            role="tab"
            id={`tab-${f.id}`}
            aria-selected={f.id === current}
            aria-controls={`tabpanel-${f.id}`}
            tabIndex={f.id === current ? 0 : -1}
            className="tab"
            onClick={() => openTab(f.id)}
          >
            {f.tab!.label}
          </button>
        ))}
      </div>
      {TABS.map(({ id, Panel }) => (
        <div key={id} role="tabpanel" id={`tabpanel-${id}`} aria-labelledby={`tab-${id}`} hidden={id !== current} className="tabpanel">
          {id === current && Panel && <Panel />}
        </div>
      ))}
      {FEATURES.filter((f) => !f.tab && f.Panel).map(({ id, Panel }) => Panel && <Panel key={id} />)}
    </div>
  );
}
