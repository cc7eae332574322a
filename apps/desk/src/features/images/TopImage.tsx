import { useState } from 'react';
import { ImageDetails } from './ImageDetails';
import { ImagePickerDialog } from './ImagePicker';
import { LicenceEditor } from './LicenceEditor';
import { useImage } from './queries';
import { useCan } from '../admin/access';

const TOP_IMAGE_WORDS: Record<string, string> = {
  PUBLISH_GATE_TOP_IMAGE_MISSING: 'The publish gate needs a top image',
  IMAGE_NOT_FOUND: 'The top image is missing',
  IMAGE_LICENSE_EXPIRED: 'The top image’s licence has expired: renew it or choose another image',
  IMAGE_LICENSE_NOT_DISTRIBUTABLE: 'The top image’s licence does not allow publishing it: choose another image',
};

/** The article's top image: choose or upload, then describe and credit it. */
export function TopImage(props: { imageId: string | null; onChange: (id: string | null) => void; problems: string[] }) {
  const [picking, setPicking] = useState(false);
  const image = useImage(props.imageId);
  const can = useCan();
  // the gate's other words about the top image (alt text and credit show beside their fields)
  const other = [...new Set(props.problems)].filter((c) => c !== 'IMAGE_ALT_TEXT_MISSING' && c !== 'IMAGE_CREDIT_MISSING');
  return (
    <section className="top-image" aria-labelledby="top-image-title">
      <h2 id="top-image-title">Top image</h2>
      {props.imageId && image.data ? (
        <>
          {/* keyed by the image alone: saving one part never resets what is typed in the other */}
          <ImageDetails key={image.data.id} image={image.data} problems={props.problems} />
          {can('images.manage') && <LicenceEditor key={`l-${image.data.id}`} image={image.data} />}
        </>
      ) : !props.imageId ? (
        <p className="muted">No top image.</p>
      ) : (
        <p role="status">Loading…</p>
      )}
      {other.map((c) => (
        <p key={c} className="error" role="alert" data-testid="top-image-problem">
          {TOP_IMAGE_WORDS[c] ?? 'The publish gate refuses this top image'} ({c}).
        </p>
      ))}
      <div className="actions">
        <button type="button" onClick={() => setPicking(true)}>
          {props.imageId ? 'Replace the top image…' : 'Choose or upload a top image…'}
        </button>
        {props.imageId && (
          <button type="button" onClick={() => props.onChange(null)}>
            Remove
          </button>
        )}
      </div>
      {picking && (
        <ImagePickerDialog
          title="Top image"
          onClose={() => setPicking(false)}
          onPick={(img) => {
            setPicking(false);
            props.onChange(img.id);
          }}
        />
      )}
    </section>
  );
}
