import { METHOD_IDS, METHODS, type MethodId } from '../../../methods/params';

/**
 * The randomisation lab's other methods (`lab_methods`): each ticked one runs on the same randomised
 * models as the current method, which always runs and cannot be unticked here.
 */
export function LabMethodsField({ current, chosen, onChange }: { current: MethodId; chosen: MethodId[]; onChange(v: MethodId[]): void }) {
  return (
    <details className="lab-checks" open={chosen.some((m) => m !== current)}>
      <summary>Compare methods on the same randomised models ({chosen.filter((m) => m !== current).length} more)</summary>
      {METHOD_IDS.map((id) => (
        <label key={id} className="field checkbox">
          <input
            type="checkbox"
            checked={id === current || chosen.includes(id)}
            disabled={id === current}
            onChange={(e) => onChange(e.target.checked ? [...chosen, id] : chosen.filter((m) => m !== id))}
          />
          {METHODS[id].label}
          {id === current ? ' (current method)' : ''}
        </label>
      ))}
    </details>
  );
}
