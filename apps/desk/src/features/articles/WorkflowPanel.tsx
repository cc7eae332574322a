import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, type Article } from '../../api/client';
import { ApiError, messageOf, must } from '../../api/errors';
import { formatWithUtc, fromZonedInput, NEWSROOM_TZ } from '../../time';
import { articleKeys, statusLabel } from './queries';

const LABEL: Record<string, string> = {
  submit: 'Submit for review',
  request_changes: 'Request changes',
  approve: 'Approve',
  publish: 'Publish now',
  schedule: 'Schedule',
  unschedule: 'Unschedule',
  unpublish: 'Unpublish',
  archive: 'Archive',
  restore: 'Restore from archive',
};

export const useOfferedActions = (id: string, version: number) =>
  useQuery({
    queryKey: [...articleKeys.actions(id), version],
    queryFn: async () => must(await api.GET('/v1/admin/articles/{id}/actions', { params: { path: { id } } })),
  });

/**
 * Exactly the actions the api offers this caller for this piece now (GET .../actions), with a
 * comment where the action needs one and a time picker in the newsroom's zone where it needs one.
 */
export function WorkflowPanel(props: {
  article: Article;
  flush: () => Promise<Article | null>;
  onDone: (a: Article) => void;
  onRefused: (e: ApiError) => void;
  onGate?: (e: ApiError | null) => void;
}) {
  const { article, onGate } = props;
  const qc = useQueryClient();
  const offered = useOfferedActions(article.id, article.version);
  // the publish gate's refusal of an offered publish or schedule, for the fields it names
  useEffect(() => {
    if (!onGate || !offered.data) return;
    const b = offered.data.find((o) => (o.action === 'publish' || o.action === 'schedule') && o.blocked && /^(PUBLISH_GATE_|IMAGE_)/.test(o.blocked.code))?.blocked;
    onGate(
      b
        ? new ApiError(
            409,
            b.code,
            b.message,
            b.details.map((d) => ({ field: d, code: d, message: d })),
          )
        : null,
    );
  }, [offered.data, onGate]);
  const history = useQuery({
    queryKey: [...articleKeys.transitions(article.id), article.version],
    queryFn: async () => must(await api.GET('/v1/admin/articles/{id}/transitions', { params: { path: { id: article.id } } })),
  });
  const [open, setOpen] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [at, setAt] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: string, needsComment: boolean, needsTime: boolean) => {
    if ((needsComment || needsTime) && open !== action) {
      setOpen(action);
      setError(null);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // save what is typed first: the action applies to the latest version
      const current = (await props.flush()) ?? article;
      const iso = needsTime ? fromZonedInput(at) : null;
      if (needsTime && !iso) throw new ApiError(400, 'WORKFLOW_TIME_REQUIRED', 'Pick a date and time.', [{ field: 'at', message: 'Pick a date and time.' }]);
      const a = must(
        await api.POST('/v1/admin/articles/{id}/transitions', {
          params: { path: { id: article.id }, header: { 'If-Match': current.etag } },
          body: { action: action as 'submit', ...(needsComment || comment.trim() ? { comment: comment.trim() || undefined } : {}), ...(iso ? { at: iso } : {}) },
        }),
      );
      setOpen(null);
      setComment('');
      setAt('');
      await qc.invalidateQueries({ queryKey: articleKeys.lists() });
      props.onDone(a);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'NETWORK_ERROR', messageOf(e));
      setError(err);
      props.onRefused(err);
    } finally {
      setBusy(false);
    }
  };
  const utcPreview = at ? fromZonedInput(at) : null;
  return (
    <section className="workflow" aria-labelledby="workflow-title">
      <h2 id="workflow-title">Workflow</h2>
      <p>
        Status: <span className={`status status-${article.status}`}>{statusLabel(article.status)}</span>
        {article.scheduledAt && <> · goes live {formatWithUtc(article.scheduledAt)}</>}
      </p>
      {article.changeRequest && (
        <div className="banner banner-warn" role="note" data-testid="change-request">
          <strong>Changes requested by {article.changeRequest.by}:</strong> {article.changeRequest.comment}
        </div>
      )}
      <div className="actions" data-testid="workflow-actions">
        {offered.data?.map((o) => (
          <div key={o.action} className="action">
            <button
              type="button"
              className={o.action === 'publish' || o.action === 'approve' ? 'primary' : ''}
              disabled={busy || o.blocked !== null}
              aria-describedby={o.blocked ? `blocked-${o.action}` : undefined}
              onClick={() => void run(o.action, o.needsComment, o.needsTime)}
            >
              {LABEL[o.action] ?? o.action}
            </button>
            {o.blocked && (
              <small id={`blocked-${o.action}`} className="blocked">
                {o.blocked.message} ({o.blocked.code}
                {o.blocked.details.length ? `: ${o.blocked.details.join(', ')}` : ''})
              </small>
            )}
          </div>
        ))}
        {offered.data && !offered.data.length && <p className="muted">No workflow action is open to you on this piece now.</p>}
      </div>
      {open && (
        <form
          className="stack action-form"
          onSubmit={(e) => {
            e.preventDefault();
            const o = offered.data?.find((x) => x.action === open);
            if (o) void run(o.action, o.needsComment, o.needsTime);
          }}
        >
          {offered.data?.find((x) => x.action === open)?.needsComment && (
            <label>
              Comment for the author (required)
              <textarea required rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
            </label>
          )}
          {offered.data?.find((x) => x.action === open)?.needsTime && (
            <label>
              Publish at ({NEWSROOM_TZ})
              <input type="datetime-local" step="1" required value={at} onChange={(e) => setAt(e.target.value)} />
              {utcPreview && <small> = {new Date(utcPreview).toISOString().replace('T', ' ').slice(0, 16)} UTC</small>}
            </label>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {LABEL[open]}
            </button>
            <button type="button" onClick={() => setOpen(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error.message} ({error.code}){error.details.length ? `: ${error.details.map((d) => d.field ?? d.message).join(', ')}` : ''}
        </p>
      )}
      <h3>History</h3>
      <ol className="history">
        {history.data?.map((t) => (
          <li key={t.id}>
            {formatWithUtc(t.at)}: <strong>{t.action.replace('_', ' ')}</strong> by {t.actor} ({statusLabel(t.from)} → {statusLabel(t.to)})
            {t.scheduledFor && <> for {formatWithUtc(t.scheduledFor)}</>}
            {t.comment && <blockquote>{t.comment}</blockquote>}
          </li>
        ))}
      </ol>
    </section>
  );
}
