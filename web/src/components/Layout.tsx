import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useRouter } from '../lib/router';
import { texts } from './texts';

export interface NavItem { to: string; label: string }

/** The page frame: skip link, KERN Kopfzeile, header with navigation and account, main, footer. */
export function Layout({ nav, account, children }: { nav: NavItem[]; account: ReactNode; children: ReactNode }) {
  const { location } = useRouter();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // After an in-page navigation, move focus to the new content so screen readers announce it.
    if (first.current) { first.current = false; return; }
    main.current?.focus();
  }, [location.pathname]);
  const active = (to: string) => (to === '/' ? location.pathname === '/' : location.pathname.startsWith(to));
  return (
    <>
      <a className="skip-link" href="#inhalt">{texts.skipLink}</a>
      <div className="kern-kopfzeile">
        <div className="kern-container">
          <span className="kern-kopfzeile__flagge" aria-hidden="true" />
          <span className="kern-kopfzeile__label">{texts.kopfzeile}</span>
        </div>
      </div>
      <header className="site-header">
        <div className="kern-container site-header__inner">
          <Link to="/" className="site-title">
            <span className="site-title__name">{texts.siteTitle}</span>
            <span className="site-title__sub">{texts.siteSubtitle}</span>
          </Link>
          <div className="site-account">{account}</div>
        </div>
        <nav aria-label={texts.navLabel} className="site-nav">
          <div className="kern-container">
          <ul className="site-nav__list">
            {nav.map((item) => (
              <li key={item.to}>
                <Link to={item.to} className="site-nav__link" aria-current={active(item.to) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
          </div>
        </nav>
      </header>
      <main id="inhalt" ref={main} tabIndex={-1} className="kern-container site-main">
        {children}
      </main>
      <footer className="site-footer">
        <div className="kern-container">
          <p className="kern-body kern-body--small">{texts.footer}</p>
          <p className="kern-body kern-body--small"><a className="kern-link" href="/docs">{texts.apiDocs}</a></p>
        </div>
      </footer>
    </>
  );
}
