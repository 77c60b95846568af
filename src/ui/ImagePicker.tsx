import { useEffect, useRef, useState } from 'react';
import { looksLikeModelFiles, uploadFile, uploadModel } from '../client/actions';

/** Upload by file picker, drag-and-drop anywhere on the page, or paste. */
export function ImagePicker() {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = Array.from(e.clipboardData?.files ?? [])[0];
      if (file) {
        e.preventDefault();
        void uploadFile(file);
      }
    };
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      // model.json + weights (or a zip) dropped anywhere load as a model; anything else is a photo.
      if (looksLikeModelFiles(files)) void uploadModel(files);
      else if (files[0]) void uploadFile(files[0]);
    };
    window.addEventListener('paste', onPaste);
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('paste', onPaste);
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  return (
    <div className={`picker ${dragging ? 'picker-dragging' : ''}`}>
      <label className="button upload">
        Upload image
        <input
          ref={input}
          type="file"
          accept="image/*"
          aria-label="Upload image"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void uploadFile(file);
            e.target.value = '';
          }}
        />
      </label>
      <span className="muted">or drop a photo anywhere on the page, or paste one (Ctrl+V). It never leaves this computer.</span>
    </div>
  );
}
