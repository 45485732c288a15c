import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, ErrorSummary, SelectField, TextField, type FieldErrors, type Option } from '../../components/forms';
import { Alert } from '../../components/Page';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import { texts } from './texts';

/*
 * Create an account. The API's rules at the field, checked while typing and again from the API's answer: a valid and
 * unused e-mail (409 USER.EMAIL_TAKEN), a password of 12 to 200 characters, a body for municipality accounts only.
 */
type Role = 'municipality' | 'auditor' | 'officer';
interface Values { email: string; password: string; role: Role; bodyId: string }
const EMPTY: Values = { email: '', password: '', role: 'municipality', bodyId: '' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function check(v: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.email.trim()) errors.email = texts.errors.emailMissing;
  else if (!EMAIL.test(v.email.trim())) errors.email = texts.errors.emailInvalid;
  if (v.password.length < 12) errors.password = texts.errors.passwordShort;
  else if (v.password.length > 200) errors.password = texts.errors.passwordLong;
  if (v.role === 'municipality' && !v.bodyId) errors.bodyId = texts.errors.bodyMissing;
  return errors;
}

function fromApi(error: unknown): FieldErrors {
  if (error instanceof ApiRequestError && error.body?.code === 'USER.EMAIL_TAKEN') return { email: texts.errors.emailTaken };
  const fields: Record<string, string> = { email: texts.errors.emailInvalid, password: texts.errors.passwordShort, bodyId: texts.errors.bodyMissing };
  const details = error instanceof ApiRequestError ? error.body?.details ?? [] : [];
  const found = Object.fromEntries(details.filter((d) => d.field && fields[d.field]).map((d) => [d.field!, fields[d.field!]]));
  return Object.keys(found).length ? found : { form: texts.errors.failed };
}

export function AccountForm({ bodies }: { bodies: Option[] }) {
  const client = useQueryClient();
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [touched, setTouched] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/users', {
      body: { email: values.email.trim(), password: values.password, role: values.role, bodyId: values.role === 'municipality' ? Number(values.bodyId) : undefined },
    })),
    onSuccess: async (user) => {
      setCreated(user.email);
      setValues(EMPTY);
      setTouched(false);
      await client.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (error) => setErrors(fromApi(error)),
  });
  const live = touched ? check(values) : {};
  const set = (key: keyof Values) => (e: { target: { value: string } }) => {
    setValues({ ...values, [key]: e.target.value });
    setErrors({});
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    setTouched(true);
    const found = check(values);
    setErrors(found);
    if (!Object.keys(found).length) mutation.mutate();
  };
  const shown = { ...live, ...errors };
  const roleOptions = (['municipality', 'auditor', 'officer'] as const).map((r) => ({ value: r, label: texts.roles[r] }));
  return (
    <form onSubmit={submit} noValidate className="narrow-form page-section" aria-labelledby="neu-titel">
      <h2 id="neu-titel" className="kern-heading-large">{texts.createTitle}</h2>
      {created && <Alert kind="success" title={texts.created(created)} />}
      <ErrorSummary errors={errors} order={['email', 'password', 'role', 'bodyId']} />
      <TextField id="email" type="email" autoComplete="off" label={texts.email} error={shown.email} value={values.email} onChange={set('email')} />
      <TextField id="password" type="password" autoComplete="new-password" label={texts.password} hint={texts.passwordHint} error={shown.password} value={values.password} onChange={set('password')} />
      <SelectField id="role" label={texts.role} options={roleOptions} value={values.role} onChange={set('role')} />
      {values.role === 'municipality' && (
        <SelectField id="bodyId" label={texts.body} hint={texts.bodyHint} error={shown.bodyId} options={[{ value: '', label: texts.bodyNone }, ...bodies]} value={values.bodyId} onChange={set('bodyId')} />
      )}
      <Button type="submit" disabled={mutation.isPending}>{texts.create}</Button>
    </form>
  );
}
