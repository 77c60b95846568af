import { modelOptions, setModel } from '../state/actions';
import { useApp } from '../state/store';
import { isModelId } from '../models/registry';

export function ModelSwitcher() {
  const modelId = useApp((s) => s.modelId);
  const loading = useApp((s) => s.model.status === 'loading');
  return (
    <label className="field">
      <span>Model</span>
      <select
        value={modelId}
        disabled={loading}
        onChange={(e) => {
          if (isModelId(e.target.value)) void setModel(e.target.value);
        }}
      >
        {modelOptions.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </select>
    </label>
  );
}
