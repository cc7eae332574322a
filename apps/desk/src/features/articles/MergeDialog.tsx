import { useState } from 'react';
import { applyChoices, type Choice, type Draft, type EditField, type MergeRow } from './merge';

const LABELS: Record<EditField, string> = {
  headline: 'Headline',
  dek: 'Dek',
  slug: 'Slug',
  typeId: 'Type',
  sectionId: 'Section',
  tagIds: 'Tags',
  bylineIds: 'Bylines',
  bodyHtml: 'Body',
  topImageId: 'Top image',
  topImageCaption: 'Caption',
  topImageCredit: 'Credit line',
  seoTitle: 'SEO title',
  seoDescription: 'SEO description',
  canonicalUrl: 'Canonical URL',
  embargoUntil: 'Embargo',
  ogTitle: 'Open Graph title',
  ogDescription: 'Open Graph description',
  ogImageId: 'Open Graph image',
  twitterTitle: 'Twitter title',
  twitterDescription: 'Twitter description',
  twitterImageId: 'Twitter image',
};

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '(empty)';
  if (typeof v === 'string')
    return (
      v
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim() || '(empty)'
    );
  return JSON.stringify(v);
};

/**
 * Another version was saved since mine was based: show what it changed, and let the writer
 * keep theirs, take theirs, or choose field by field. Nothing typed is dropped unless chosen.
 */
export function MergeDialog(props: { rows: MergeRow[]; mine: Draft; theirs: Draft; theirVersion: number; onResolve: (merged: Draft) => void }) {
  const [choice, setChoice] = useState<Partial<Record<EditField, Choice>>>({});
  const finish = (c: Partial<Record<EditField, Choice>>) => props.onResolve(applyChoices(props.theirs, props.mine, props.rows, c));
  const all = (c: Choice) => Object.fromEntries(props.rows.map((r) => [r.field, c])) as Partial<Record<EditField, Choice>>;
  return (
    <div className="overlay">
      <div className="dialog wide" role="dialog" aria-modal="true" aria-labelledby="merge-title">
        <h2 id="merge-title">Someone else saved this piece (version {props.theirVersion})</h2>
        <p>Here is what changed on each side. Your text is kept until you choose otherwise.</p>
        <table className="merge">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Their version</th>
              <th scope="col">Yours</th>
              <th scope="col">Keep</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => {
              const c = choice[r.field] ?? (r.theirsOnly ? 'theirs' : 'mine');
              return (
                <tr key={r.field} data-field={r.field} className={r.conflict ? 'conflict' : ''}>
                  <th scope="row">
                    {LABELS[r.field]}
                    <br />
                    <small>{r.conflict ? 'both changed' : r.theirsOnly ? 'they changed' : r.mineOnly ? 'you changed' : 'same change'}</small>
                  </th>
                  <td>{show(r.theirs)}</td>
                  <td>{show(r.mine)}</td>
                  <td>
                    <fieldset className="choice">
                      <legend className="sr-only">Keep for {LABELS[r.field]}</legend>
                      <label>
                        <input type="radio" name={`keep-${r.field}`} checked={c === 'mine'} onChange={() => setChoice({ ...choice, [r.field]: 'mine' })} /> mine
                      </label>
                      <label>
                        <input type="radio" name={`keep-${r.field}`} checked={c === 'theirs'} onChange={() => setChoice({ ...choice, [r.field]: 'theirs' })} /> theirs
                      </label>
                    </fieldset>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="actions">
          <button type="button" className="primary" onClick={() => finish(choice)}>
            Merge as chosen
          </button>
          <button type="button" onClick={() => finish(all('mine'))}>
            Keep all mine
          </button>
          <button type="button" onClick={() => finish(all('theirs'))}>
            Take all theirs
          </button>
        </div>
      </div>
    </div>
  );
}
