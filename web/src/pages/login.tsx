import { type FormEvent, useState } from 'react';
import { ApiError, api, type Me } from '../api';
import { usePageTitle } from '../components/page-title';

/** The sign-in form; the dashboard and API need a user (see docs/access-control.md). */
export function LoginPage({ onSignedIn }: { readonly onSignedIn: (me: Me) => void }) {
  usePageTitle('Sign in');
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(
        await api<Me>('/api/login', { body: { name: form.get('name'), password: form.get('password') } }),
      );
    } catch (thrown) {
      setError(
        thrown instanceof ApiError ? thrown.message : 'The server did not answer; is syncline serve running?',
      );
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">syncline</h1>
        <p className="muted">Sign in to see and operate this project's integrations.</p>
        <label>
          User name
          <input name="name" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error !== undefined && (
          <p className="error-box" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={isBusy}>
          {isBusy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          No user yet? An administrator adds one with <code>syncline users add NAME --role viewer</code>.
        </p>
      </form>
    </main>
  );
}
