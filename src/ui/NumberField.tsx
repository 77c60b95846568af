import { Field } from './Field';

/** A number input that commits on blur or Enter (each commit may start a computation), rejecting out-of-range values. */
export function NumberField(props: { label: string; value: number; min: number; max: number; step?: number; onCommit(v: number): void }) {
  return (
    <Field label={props.label}>
      <input
        type="number"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        defaultValue={props.value}
        key={props.value}
        onBlur={(e) => commit(e.currentTarget, props)}
        onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget, props)}
      />
    </Field>
  );
}

function commit(el: HTMLInputElement, props: { value: number; min: number; max: number; onCommit(v: number): void }) {
  const v = Number(el.value);
  if (Number.isFinite(v) && v >= props.min && v <= props.max && v !== props.value) props.onCommit(v);
  else el.value = String(props.value);
}
