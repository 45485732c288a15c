import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, ErrorSummary, TextField, type FieldErrors } from '../../components/forms';
import { Alert, PageTitle } from '../../components/Page';
import { useRouter, useSearchParams } from '../../lib/router';
import { meKey, signIn } from './session';
import { texts } from './texts';

/** Only paths of this site are followed after sign-in (no "//host" or "https://…" from a crafted link). */
export function safeReturnPath(weiter: string | null): string {
  return weiter && weiter.startsWith('/') && !weiter.startsWith('//') && !weiter.startsWith('/\\') ? weiter : '/';
}

function validate(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!email.trim()) errors.email = texts.emailMissing;
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) errors.email = texts.emailInvalid;
  if (!password) errors.password = texts.passwordMissing;
  return errors;
}

export default function SignInPage() {
  const params = useSearchParams();
  const { navigate } = useRouter();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const weiter = params.get('weiter');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate(email, password);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const response = await signIn(email.trim(), password);
      if (response.ok) {
        await client.resetQueries();
        navigate(safeReturnPath(weiter), { replace: true });
        return;
      }
      setErrors({ email: response.status === 401 ? texts.wrongCredentials : response.status === 429 ? texts.tooMany : texts.failed });
    } catch {
      setErrors({ email: texts.failed });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle title={texts.title}>{texts.title}</PageTitle>
      <ErrorSummary errors={errors} order={['email', 'password']} title={texts.summaryTitle} />
      {weiter && !Object.keys(errors).length && <Alert kind="info" title={texts.expired} />}
      <p className="kern-body">{texts.intro}</p>
      <form onSubmit={(event) => void submit(event)} noValidate className="narrow-form">
        <TextField id="email" label={texts.email} type="email" autoComplete="username" spellCheck={false}
          value={email} onChange={(event) => setEmail(event.target.value)} error={errors.email} />
        <TextField id="password" label={texts.password} type="password" autoComplete="current-password"
          value={password} onChange={(event) => setPassword(event.target.value)} error={errors.password} />
        <Button type="submit" disabled={busy}>{busy ? texts.submitting : texts.submit}</Button>
      </form>
    </>
  );
}
