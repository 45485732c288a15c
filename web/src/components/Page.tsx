import { useEffect, type ReactNode } from 'react';
import { ApiRequestError } from '../lib/api-client';
import { texts } from './texts';

/** Sets the document title and renders the one h1 of the page. */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  useEffect(() => {
    document.title = `${title} – ${texts.siteTitle}`;
  }, [title]);
  return <h1 className="kern-heading-x-large">{children}</h1>;
}

export function Loading({ label = texts.loading }: { label?: string }) {
  return <p className="kern-body" role="status">{label}</p>;
}

/** A failed query: says so in words, offers to try again. 403/404 get their own message. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const status = error instanceof ApiRequestError ? error.status : 0;
  if (status === 403) return <Alert kind="warning" title={texts.forbiddenTitle}>{texts.forbiddenText}</Alert>;
  if (status === 404) return <Alert kind="warning" title={texts.notFoundTitle}>{texts.notFoundText}</Alert>;
  return (
    <Alert kind="danger" title={texts.loadFailed}>
      {onRetry && <button type="button" className="kern-btn kern-btn--secondary" onClick={onRetry}><span className="kern-label">{texts.retry}</span></button>}
    </Alert>
  );
}

export function Alert({ kind, title, children }: { kind: 'info' | 'success' | 'warning' | 'danger'; title: string; children?: ReactNode }) {
  return (
    <div className={`kern-alert kern-alert--${kind}`} role={kind === 'danger' ? 'alert' : 'status'}>
      <div className="kern-alert__header"><span className="kern-title">{title}</span></div>
      {children && <div className="kern-alert__body"><div className="kern-body">{children}</div></div>}
    </div>
  );
}

export function NotFoundPage() {
  return (
    <>
      <PageTitle title={texts.notFoundTitle}>{texts.notFoundTitle}</PageTitle>
      <p className="kern-body">{texts.notFoundText}</p>
    </>
  );
}
