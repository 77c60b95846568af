import { modelOptions, setModel } from '../client/actions';
import { useApp } from '../client/store';
import { isModelId } from '../shared/models/registry';
import { Field } from './Field';

export function ModelSwitcher() {
  const modelId = useApp((s) => s.modelId);
  const loading = useApp((s) => s.model.status === 'loading');
  return (
    <Field label="Model">
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
    </Field>
  );
}
