import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type DragEvent } from 'react';
import type { Image } from '../../api/client';
import { messageOf } from '../../api/errors';
import { imageKeys, useImageList } from './queries';
import { uploadImage } from './upload';
import { useDebounced } from '../../ui/useDebounced';

/** Drop zone + file button with progress; the uploaded image is handed to `onUploaded`. */
export function UploadZone({ onUploaded }: { onUploaded: (img: Image) => void }) {
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const send = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const img = await uploadImage(file, setProgress);
      qc.setQueryData(imageKeys.detail(img.id), img);
      await qc.invalidateQueries({ queryKey: imageKeys.lists() });
      onUploaded(img);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setProgress(null);
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void send(e.dataTransfer.files[0]);
  };
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      onDragOver={(e) => (e.preventDefault(), setOver(true))}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid="dropzone"
    >
      <p>Drop an image here, or</p>
      <button type="button" onClick={() => input.current?.click()}>
        Choose a file…
      </button>
      <input ref={input} type="file" accept="image/*" hidden aria-label="Image file" onChange={(e) => void send(e.target.files?.[0])} />
      {progress !== null && (
        <p>
          <progress value={progress} max={1} aria-label="Upload progress" /> {Math.round(progress * 100)} %
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The library as a grid to pick from, with an upload zone. */
export function ImagePickerDialog({ title, onPick, onClose }: { title: string; onPick: (img: Image) => void; onClose: () => void }) {
  const [q, setQ] = useState('');
  const list = useImageList(useDebounced(q));
  const images = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="overlay" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog wide" role="dialog" aria-modal="true" aria-labelledby="picker-title">
        <h2 id="picker-title">{title}</h2>
        <UploadZone onUploaded={onPick} />
        <label className="search">
          Search images <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Alt text, caption, credit, file name" />
        </label>
        <ul className="grid" aria-label="Image library">
          {images.map((img) => (
            <li key={img.id}>
              <button type="button" className="tile" onClick={() => onPick(img)}>
                <img src={img.url} alt={img.altText ?? ''} loading="lazy" />
                <span>{img.altText || img.originalFilename || 'No alt text'}</span>
              </button>
            </li>
          ))}
        </ul>
        {!list.isLoading && !images.length && <p>{q.trim() ? `No image matches “${q.trim()}”.` : 'No images yet.'}</p>}
        {list.hasNextPage && (
          <button type="button" onClick={() => void list.fetchNextPage()}>
            More images
          </button>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
