import { useId, useState } from 'react';
import { ImagePickerDialog } from './ImagePicker';
import { useImage } from './queries';

/** A share-card image of the article: none (the fallback named in `fallback`), or one chosen from the library. */
export function SocialImage(props: { label: string; imageId: string | null; fallback: string; onChange: (id: string | null) => void; errors?: string[] }) {
  const [picking, setPicking] = useState(false);
  const image = useImage(props.imageId);
  const id = useId();
  return (
    <div className={`field social-image${props.errors?.length ? ' field-error' : ''}`} role="group" aria-labelledby={`${id}-l`}>
      <span className="label" id={`${id}-l`}>
        {props.label}
      </span>
      {props.imageId ? (
        image.data ? (
          <p className="social-image-chosen">
            <img src={image.data.url} alt="" width={120} />
            <span>{image.data.altText || 'No alt text'}</span>
          </p>
        ) : image.error ? (
          <p className="error" role="alert">
            This image could not be loaded.
          </p>
        ) : (
          <p role="status">Loading…</p>
        )
      ) : (
        <p className="hint">{props.fallback}</p>
      )}
      <div className="actions">
        <button type="button" onClick={() => setPicking(true)}>
          {props.imageId ? `Replace the ${props.label}…` : `Choose the ${props.label}…`}
        </button>
        {props.imageId && (
          <button type="button" aria-label={`Use the default ${props.label}`} onClick={() => props.onChange(null)}>
            Use the default
          </button>
        )}
      </div>
      {props.errors?.length ? (
        <p className="error" role="alert">
          {props.errors.join(' ')}
        </p>
      ) : null}
      {picking && (
        <ImagePickerDialog
          title={props.label}
          onClose={() => setPicking(false)}
          onPick={(img) => {
            setPicking(false);
            props.onChange(img.id);
          }}
        />
      )}
    </div>
  );
}
