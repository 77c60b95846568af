import { useState, type DragEvent } from 'react';
import { looksLikeModelFiles, uploadModel } from '../client/actions';
import { useApp } from '../client/store';

const HELP =
  'Your own image classifier: model.json with its weight files (.bin) and metadata.json, selected together, or the .zip Teachable Machine downloads. It never leaves this computer.';

/** "Upload model": a model from the student's files, by file picker or dropped onto the button. */
export function ModelUpload() {
  const loading = useApp((s) => s.model.status === 'loading');
  const [over, setOver] = useState(false);
  const files = (e: DragEvent) => Array.from(e.dataTransfer.files);
  return (
    <label
      className={`button upload${over ? ' picker-dragging' : ''}`}
      title={HELP}
      data-testid="model-upload"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        if (!looksLikeModelFiles(files(e))) return; // a photo: the page's own drop handler takes it
        e.preventDefault();
        e.stopPropagation();
        void uploadModel(files(e));
      }}
    >
      Upload model
      <input
        type="file"
        multiple
        accept=".json,.bin,.zip,application/json,application/zip"
        aria-label="Upload model"
        disabled={loading}
        onChange={(e) => {
          const chosen = Array.from(e.target.files ?? []);
          e.target.value = '';
          void uploadModel(chosen);
        }}
      />
    </label>
  );
}
