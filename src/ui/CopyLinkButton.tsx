import { useState } from 'react';
import { shareableLink } from '../client/actions';

/** Copies a link that reopens this exact state (an uploaded photo or model cannot travel in a link: it never leaves this computer). */
export function CopyLinkButton() {
  const [status, setStatus] = useState<{ text: string; url?: string } | null>(null);
  const copy = async () => {
    const { url, uploaded, uploadedModel } = shareableLink();
    const note =
      (uploaded ? ' Your uploaded photo is not in the link: it never leaves this computer, so the link opens without it.' : '') +
      (uploadedModel ? ' Your uploaded model is not in the link: its files never leave this computer, so the link opens the default model.' : '');
    try {
      await navigator.clipboard.writeText(url);
      setStatus({ text: `Link copied.${note}` });
    } catch {
      // Clipboard refused (permissions, insecure origin): show the link to copy by hand.
      setStatus({ text: `Copy this link:${note}`, url });
    }
  };
  return (
    <span className="copy-link">
      <button type="button" className="button" onClick={() => void copy()}>
        Copy link
      </button>
      <span role="status" className="small" data-testid="copy-link-status">
        {status?.text}
        {status?.url && <input type="text" readOnly value={status.url} aria-label="Link to this page" onFocus={(e) => e.currentTarget.select()} />}
      </span>
    </span>
  );
}
