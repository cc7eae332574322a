import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { ApiError, must } from '../api/errors';
import { Link, useLocation } from '../router';
import { ErrorBanner, errorsFor, Field } from '../ui/Field';

function SetPasswordPage({ title, intro, submitLabel, send }: { title: string; intro: string; submitLabel: string; send: (token: string, password: string) => Promise<void> }) {
  const { query } = useLocation();
  const token = query.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeat) {
      setError(new ApiError(400, 'PASSWORDS_DIFFER', 'The two passwords differ.', [{ field: 'repeat', message: 'Type the same password twice.' }]));
      return;
    }
    try {
      await send(token, password);
      setDone(true);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <main className="narrow" id="main">
      <h1>{title}</h1>
      {done ? (
        <p role="status">
          Your password is set. <Link to="/desk/sign-in">Sign in</Link>
        </p>
      ) : !token ? (
        <p role="alert">This page needs the link from your mail (it carries a token).</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="stack">
          <p>{intro}</p>
          {/* an error about no field on this form (a dead link names `token`) goes in the banner */}
          <ErrorBanner error={error && !errorsFor(error, 'password', 'repeat').length ? error : null} />
          <Field label="New password" hint="At least 12 characters." errors={errorsFor(error, 'password')}>
            {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
          <Field label="Repeat the password" errors={errorsFor(error, 'repeat')}>
            {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
          </Field>
          <button className="primary" type="submit">
            {submitLabel}
          </button>
        </form>
      )}
    </main>
  );
}

export const AcceptInvitePage = () => (
  <SetPasswordPage
    title="Welcome to the newsroom desk"
    intro="Choose the password for your new account."
    submitLabel="Accept the invitation"
    send={async (token, password) => {
      must(await api.POST('/v1/auth/invites/accept', { body: { token, password } }));
    }}
  />
);

export const ResetPasswordPage = () => (
  <SetPasswordPage
    title="Choose a new password"
    intro="The link works once."
    submitLabel="Set the new password"
    send={async (token, password) => {
      must(await api.POST('/v1/auth/password-reset/confirm', { body: { token, password } }));
    }}
  />
);

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      must(await api.POST('/v1/auth/password-reset/request', { body: { email } }));
      setSent(true);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <main className="narrow" id="main">
      <h1>Reset your password</h1>
      {sent ? (
        <p role="status">If an account uses that address, a mail with a link is on its way.</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="stack">
          <ErrorBanner error={error} />
          <Field label="Email">{(id) => <input id={id} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
          <button className="primary" type="submit">
            Send the link
          </button>
        </form>
      )}
      <p>
        <Link to="/desk/sign-in">Back to sign in</Link>
      </p>
    </main>
  );
}
