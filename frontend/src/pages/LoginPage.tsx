import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Session } from '../api/client';
import { Alert, Button, Field, Input } from '../ui/components';

interface Props {
  onLogin(session: Session): void;
  notice?: string | undefined;
  loading: boolean;
}

export function LoginPage({ onLogin, notice, loading }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Log in · Factdesk';
    emailRef.current?.focus();
  }, []);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your email and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onLogin(await api.login(email.trim(), password));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'Logging in failed. Please try again.');
      setPassword('');
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login" id="main" tabIndex={-1}>
      <div class="login__panel">
        <div class="brand brand--large">
          <span class="brand__mark" aria-hidden="true">F</span>
          <span class="brand__name">Factdesk</span>
        </div>
        <h1 class="login__title">Log in to your desk</h1>
        <p class="login__lede">Annotate claims, gather evidence and review verdicts with your newsroom, live.</p>
        {notice && !error && <p class="notice">{notice}</p>}
        <form class="stack" onSubmit={submit} noValidate aria-describedby={error ? 'login-error' : undefined}>
          <Field label="Email">
            {(id) => (
              <Input
                id={id}
                type="email"
                name="email"
                autocomplete="username"
                required
                value={email}
                ref={emailRef}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            )}
          </Field>
          <Field label="Password">
            {(id) => (
              <Input
                id={id}
                ref={passwordRef}
                type="password"
                name="password"
                autocomplete="current-password"
                required
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            )}
          </Field>
          {error && (
            <div id="login-error">
              <Alert>{error}</Alert>
            </div>
          )}
          <Button type="submit" variant="primary" disabled={busy || loading}>
            {busy ? 'Logging in…' : 'Log in'}
          </Button>
        </form>
      </div>
    </main>
  );
}
