import { useState } from 'react';

/** A secret the API shows only once: selectable, copyable, with words saying it will not come back. */
export function ShownOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="banner banner-warn shown-once" role="region" aria-label={label}>
      <p>
        <strong>{label}</strong>: shown this once only. Store it now; the desk cannot show it again (rotate or create a new one if it is lost).
      </p>
      <div className="inline">
        <input readOnly aria-label={label} value={value} onFocus={(e) => e.target.select()} className="secret" />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          I have stored it
        </button>
      </div>
      {copied && <p role="status">Copied.</p>}
    </div>
  );
}
