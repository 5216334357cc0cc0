import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Route, Switch } from 'wouter';
import { ApiError, api } from './api.ts';
import { Layout } from './components/Layout.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { parseSession, type Session, SessionContext } from './session.ts';

// Each page is its own chunk: the accounts route loads only what it needs (charts load with their pages).
const HomePage = lazy(() => import('./pages/HomePage.tsx').then((m) => ({ default: m.HomePage })));
const AccountsPage = lazy(() =>
  import('./pages/AccountsPage.tsx').then((m) => ({ default: m.AccountsPage })),
);
const AccountPage = lazy(() => import('./pages/AccountPage.tsx').then((m) => ({ default: m.AccountPage })));
const ImportPage = lazy(() => import('./pages/ImportPage.tsx').then((m) => ({ default: m.ImportPage })));
const MatchingPage = lazy(() =>
  import('./pages/MatchingPage.tsx').then((m) => ({ default: m.MatchingPage })),
);
const TargetsPage = lazy(() => import('./pages/TargetsPage.tsx').then((m) => ({ default: m.TargetsPage })));
const ContentPage = lazy(() => import('./pages/ContentPage.tsx').then((m) => ({ default: m.ContentPage })));
const EmailPage = lazy(() => import('./pages/EmailPage.tsx').then((m) => ({ default: m.EmailPage })));
const SegmentsPage = lazy(() =>
  import('./pages/SegmentsPage.tsx').then((m) => ({ default: m.SegmentsPage })),
);
const SegmentPage = lazy(() => import('./pages/SegmentPage.tsx').then((m) => ({ default: m.SegmentPage })));
const ReportsPage = lazy(() => import('./pages/ReportsPage.tsx').then((m) => ({ default: m.ReportsPage })));
const PlaysPage = lazy(() => import('./pages/PlaysPage.tsx').then((m) => ({ default: m.PlaysPage })));
const PlayPage = lazy(() => import('./pages/PlayPage.tsx').then((m) => ({ default: m.PlayPage })));
const InboxPage = lazy(() => import('./pages/InboxPage.tsx').then((m) => ({ default: m.InboxPage })));
const SettingsPage = lazy(() =>
  import('./pages/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage })),
);

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
        <Suspense fallback={<div className="boot">Loading…</div>}>
          <Switch key={session.workspace.id}>
            <Route path="/" component={HomePage} />
            <Route path="/accounts" component={AccountsPage} />
            <Route path="/accounts/:id">{(params) => <AccountPage id={params.id} />}</Route>
            <Route path="/imports" component={ImportPage} />
            <Route path="/matching" component={MatchingPage} />
            <Route path="/targets" component={TargetsPage} />
            <Route path="/content" component={ContentPage} />
            <Route path="/email" component={EmailPage} />
            <Route path="/segments" component={SegmentsPage} />
            <Route path="/segments/new">{() => <SegmentPage id={null} />}</Route>
            <Route path="/segments/:id">{(params) => <SegmentPage id={params.id} />}</Route>
            <Route path="/reports">{() => <ReportsPage />}</Route>
            <Route path="/reports/:tab">{(params) => <ReportsPage tab={params.tab} />}</Route>
            <Route path="/plays" component={PlaysPage} />
            <Route path="/plays/:id">{(params) => <PlayPage id={params.id} />}</Route>
            <Route path="/inbox" component={InboxPage} />
            <Route path="/settings" component={SettingsPage} />
            <Route>
              <div className="empty">
                <h2>Page not found</h2>
                <p>Use the navigation on the left.</p>
              </div>
            </Route>
          </Switch>
        </Suspense>
      </Layout>
    </SessionContext.Provider>
  );
}
