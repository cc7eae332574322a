import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { ApiError, must } from '../api/errors';
import { Link } from '../router';
import { ErrorBanner, Field } from '../ui/Field';
import { session } from './session';

/** The sign-in form: the page, and the dialog when a session ends mid-work. */
export function SignInForm({ onDone, email: initialEmail = '' }: { onDone?: () => void; email?: string }) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const t = must(await api.POST('/v1/auth/login', { body: { email, password } }));
      session.set({ accessToken: t.accessToken, refreshToken: t.refreshToken, accessTokenExpiresAt: t.accessTokenExpiresAt });
      setPassword('');
      onDone?.();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'NETWORK_ERROR', 'The server could not be reached.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="stack" aria-label="Sign in">
      <ErrorBanner error={error} />
      <Field label="Email">{(id) => <input id={id} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
      <Field label="Password">
        {(id) => <input id={id} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

export function SignInPage() {
  return (
    <main className="narrow" id="main">
      <h1>Newsroom desk</h1>
      <p>Sign in to write, edit and publish.</p>
      <SignInForm />
      <p>
        <Link to="/desk/forgot-password">Forgot your password?</Link>
      </p>
    </main>
  );
}

/** Shown over the page when the session ended: what was typed stays in the page behind it. */
export function SessionExpiredDialog() {
  return (
    <div className="overlay">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="expired-title">
        <h2 id="expired-title">Your session ended</h2>
        <p>Sign in again to carry on. Nothing you typed is lost: your changes are saved once you are back.</p>
        <SignInForm />
      </div>
    </div>
  );
}
