import { useCallback, useEffect, useState } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { ApiError, api, type Me, onUnauthenticated, setCsrfToken } from './api';
import { ErrorBox } from './components/error-box';
import { AlertsPage } from './pages/alerts';
import { AuditPage } from './pages/audit';
import { FlowPage } from './pages/flow';
import { LoginPage } from './pages/login';
import { NotFoundPage } from './pages/not-found';
import { OverviewPage } from './pages/overview';
import { PlanPage } from './pages/plan';
import { RunPage } from './pages/run';
import { SessionContext } from './session';

const nav = [
  { href: '/', label: 'Overview' },
  { href: '/plan', label: 'Plan' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/audit', label: 'Audit log' },
] as const;

/** Signs in (or finds the session), then shows the dashboard's pages under one header. */
export function App() {
  const [me, setMe] = useState<Me | null>();
  const [failure, setFailure] = useState<Error>();
  const signedIn = useCallback((who: Me) => {
    setCsrfToken(who.csrfToken);
    setMe(who);
  }, []);

  useEffect(() => {
    api<Me>('/api/me').then(signedIn, (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setMe(null);
      else setFailure(error instanceof Error ? error : new Error(String(error)));
    });
    return onUnauthenticated(() => setMe(null));
  }, [signedIn]);

  if (failure !== undefined) {
    return (
      <main className="page">
        <ErrorBox error={failure} what="reach the syncline server" />
      </main>
    );
  }
  if (me === undefined) return <p className="page muted">Loading…</p>;
  if (me === null) return <LoginPage onSignedIn={signedIn} />;

  const signOut = async () => {
    await api('/api/logout', { method: 'POST' }).catch(() => undefined);
    setCsrfToken(undefined);
    setMe(null);
  };

  return (
    <SessionContext.Provider value={me}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link href="/" className="brand">
          syncline
        </Link>
        <Nav />
        <div className="who">
          <span title={`signed in as ${me.user} (${me.role})`}>
            {me.user} <span className="muted">· {me.role}</span>
          </span>
          {me.via === 'session' && (
            <button type="button" className="link" onClick={signOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Switch>
          <Route path="/" component={OverviewPage} />
          <Route path="/flows/:flow">{(params) => <FlowPage flow={decodeURIComponent(params.flow)} />}</Route>
          <Route path="/runs/:id">{(params) => <RunPage id={decodeURIComponent(params.id)} />}</Route>
          <Route path="/plan" nest>
            <PlanPage />
          </Route>
          <Route path="/alerts" component={AlertsPage} />
          <Route path="/audit" component={AuditPage} />
          <Route component={NotFoundPage} />
        </Switch>
      </main>
    </SessionContext.Provider>
  );
}

function Nav() {
  const [location] = useLocation();
  const isCurrent = (href: string) => (href === '/' ? location === '/' : location.startsWith(href));
  return (
    <nav aria-label="Main">
      <ul>
        {nav.map((item) => (
          <li key={item.href}>
            <Link href={item.href} aria-current={isCurrent(item.href) ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
