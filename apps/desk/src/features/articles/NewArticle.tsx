import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { ApiError, must } from '../../api/errors';
import { navigate } from '../../router';
import { errorsFor, ErrorBanner, Field } from '../../ui/Field';
import { articleKeys } from './queries';

export function NewArticle() {
  const qc = useQueryClient();
  const [headline, setHeadline] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const a = must(await api.POST('/v1/admin/articles', { body: { headline } }));
      await qc.invalidateQueries({ queryKey: articleKeys.lists() });
      navigate(`/desk/articles/${a.id}`, true);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <section className="narrow">
      <h1>New article</h1>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <ErrorBanner error={error && !errorsFor(error, 'headline').length ? error : null} />
        <Field label="Headline" errors={errorsFor(error, 'headline')}>
          {(id, d) => <input id={id} aria-describedby={d} required maxLength={300} value={headline} onChange={(e) => setHeadline(e.target.value)} />}
        </Field>
        <button type="submit" className="primary">
          Create the draft
        </button>
      </form>
    </section>
  );
}
