import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

/**
 * A labelled control. The control sits beside its <label> (tied by id), not inside it: a select or
 * number input inside its label would have its current value read into its accessible name
 * ("Model MobileNet v1…" instead of "Model").
 */
export function Field({ label, children }: { label: ReactNode; children: ReactElement<{ id?: string }> }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
    </div>
  );
}
