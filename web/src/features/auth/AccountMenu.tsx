import { Button } from '../../components/forms';
import { Link, useRouter } from '../../lib/router';
import { signOut, useSessionReset, type Me } from './session';
import { texts } from './texts';

/** Header corner: "Anmelden" for visitors; the account, its role and "Abmelden" when signed in. */
export function AccountMenu({ me }: { me: Me | null | undefined }) {
  const { navigate, location } = useRouter();
  const reset = useSessionReset();
  if (me === undefined) return null;
  if (me === null) {
    const weiter = location.pathname === '/anmelden' ? '' : `?weiter=${encodeURIComponent(location.pathname + location.search)}`;
    return <Link to={`/anmelden${weiter}`}>{texts.title}</Link>;
  }
  const leave = async () => {
    await signOut();
    reset();
    navigate('/');
  };
  return (
    <div className="account">
      <span className="kern-body kern-body--small">
        {texts.signedInAs} <strong>{me.email}</strong> ({texts.roles[me.role] ?? me.role})
      </span>
      <Button variant="secondary" onClick={() => void leave()}>{texts.signOut}</Button>
    </div>
  );
}
