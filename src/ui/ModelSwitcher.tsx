import { modelOptions, setModel } from '../client/actions';
import { useApp } from '../client/store';
import { isKnownModelId } from '../shared/models/model-spec';
import { Field } from './Field';

/** The app's models, then the ones uploaded in this session (under their own names). */
export function ModelSwitcher() {
  const modelId = useApp((s) => s.modelId);
  const loading = useApp((s) => s.model.status === 'loading');
  const uploaded = useApp((s) => s.uploadedModels);
  return (
    <Field label="Model">
      <select
        value={modelId}
        disabled={loading}
        onChange={(e) => {
          if (isKnownModelId(e.target.value)) void setModel(e.target.value);
        }}
      >
        {modelOptions.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
        {uploaded.length > 0 && (
          <optgroup label="Uploaded (this session only)">
            {uploaded.map(({ spec }) => (
              <option key={spec.id} value={spec.id}>
                {spec.label}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </Field>
  );
}
