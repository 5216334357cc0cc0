import { useCallback, useEffect, useState } from 'react';
import { Route, Switch } from 'wouter';
import { ApiError, api } from './api.ts';
import { Layout } from './components/Layout.tsx';
import { AccountsPage } from './pages/AccountsPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { parseSession, type Session, SessionContext } from './session.ts';

/** Sign-in gate, then the app shell with its pages. */
export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      setSession(parseSession(await api('/api/v1/auth/me')));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setSession(null);
      else throw error;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (session === undefined) return <div className="boot">Loading…</div>;
  if (session === null) return <SignInPage onSignedIn={refresh} />;
  return (
    <SessionContext.Provider value={session}>
      <Layout onSignOut={() => setSession(null)} onSwitched={refresh}>
        <Switch>
          <Route path="/" component={HomePage} />
          <Route path="/accounts" component={AccountsPage} />
          <Route>
            <div className="empty">
              <h2>Page not found</h2>
              <p>Use the navigation on the left.</p>
            </div>
          </Route>
        </Switch>
      </Layout>
    </SessionContext.Provider>
  );
}
