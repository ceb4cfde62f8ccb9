// Which page shows where: setup or sign-in until someone is signed in, then the network and its admin pages.
import { lazy, Suspense, useEffect } from 'react';
import { createRoutesFromElements, Outlet, Route, useRouteError } from 'react-router';
import { Layout } from './components/Layout';
import { ErrorMessage, Loading } from './components/PageState';
import { NetworkPage } from './pages/NetworkPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SchoolPage } from './pages/SchoolPage';
import { SignInPage } from './pages/SignInPage';
import { useSession } from './session';

// Pages most people rarely open are loaded on demand, so the network page starts fast.
const SetupPage = lazy(() => import('./pages/SetupPage'));
const SetPasswordPage = lazy(() => import('./pages/SetPasswordPage'));
const DistrictPage = lazy(() => import('./pages/DistrictPage'));
const PeoplePage = lazy(() => import('./pages/PeoplePage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const PasswordPage = lazy(() => import('./pages/PasswordPage'));
const FrameworksPage = lazy(() => import('./pages/FrameworksPage'));
const FrameworkPage = lazy(() => import('./pages/FrameworkPage'));
const ReviewPage = lazy(() => import('./pages/ReviewPage'));
const ReviewResultsPage = lazy(() => import('./pages/ReviewResultsPage'));
const HeatmapPage = lazy(() => import('./pages/HeatmapPage'));
const CalibrationPage = lazy(() => import('./pages/CalibrationPage'));
const NetworkHeatmapPage = lazy(() => import('./pages/NetworkHeatmapPage'));
const SchoolResultsPage = lazy(() => import('./pages/ResultsPage').then((m) => ({ default: m.SchoolResultsPage })));
const DistrictResultsPage = lazy(() => import('./pages/ResultsPage').then((m) => ({ default: m.DistrictResultsPage })));
const NetworkResultsPage = lazy(() => import('./pages/NetworkResultsPage'));
const ImportsPage = lazy(() => import('./pages/ImportsPage'));
const OutcomesPage = lazy(() => import('./pages/OutcomesPage'));
const PlanPage = lazy(() => import('./pages/PlanPage'));
const NetworkPlansPage = lazy(() => import('./pages/NetworkPlansPage'));

const page = (element: React.ReactNode) => <Suspense fallback={<Loading what="the page" />}>{element}</Suspense>;

/** Nothing is shown until the session is read: who is signed in decides what every address shows. */
function SessionGate() {
  const session = useSession();
  if (session.isPending) return <Loading what="Trellis" standalone />;
  if (session.isError) return <ErrorMessage error={session.error} standalone />;
  return <Outlet />;
}

/** Signed out, every address but a set-password link shows setup or sign-in; signed in, the shell and its page. */
function SignedInShell() {
  const s = useSession().data;
  if (!s) return null;
  if (!s.signedIn) return s.setupNeeded ? page(<SetupPage />) : <SignInPage demo={s.demo} />;
  return <Layout />;
}

/** A page that failed to render (or to load its code after an update) says so in words, not a stack trace. */
function PageFailed({ standalone = false }: { standalone?: boolean }) {
  const error = useRouteError();
  // The cause stays in the console for whoever fixes it.
  useEffect(() => console.error(error), [error]);
  return <ErrorMessage error={new Error('This page could not be shown. Reload the page to try again.')} standalone={standalone} />;
}

// The shell's pages sit in a pathless route of their own, so a page that fails keeps the header and navigation.
export const routes = createRoutesFromElements(
  <Route element={<SessionGate />} errorElement={<PageFailed standalone />}>
    <Route path="/set-password" element={page(<SetPasswordPage />)} />
    <Route path="/set-password/:token" element={page(<SetPasswordPage />)} />
    <Route element={<SignedInShell />}>
      <Route errorElement={<PageFailed />}>
        <Route index element={<NetworkPage />} />
        <Route path="schools/:id" element={<SchoolPage />} />
        <Route path="schools/:id/heatmap" element={page(<HeatmapPage />)} />
        <Route path="schools/:id/results" element={page(<SchoolResultsPage />)} />
        <Route path="schools/:id/outcomes" element={page(<OutcomesPage />)} />
        <Route path="schools/:id/plan" element={page(<PlanPage />)} />
        <Route path="plans" element={page(<NetworkPlansPage />)} />
        <Route path="districts/:id" element={page(<DistrictPage />)} />
        <Route path="districts/:id/results" element={page(<DistrictResultsPage />)} />
        <Route path="results" element={page(<NetworkResultsPage />)} />
        <Route path="imports" element={page(<ImportsPage />)} />
        <Route path="frameworks" element={page(<FrameworksPage />)} />
        <Route path="frameworks/:id" element={page(<FrameworkPage />)} />
        <Route path="reviews/:id" element={page(<ReviewPage />)} />
        <Route path="reviews/:id/results" element={page(<ReviewResultsPage />)} />
        <Route path="calibration" element={page(<CalibrationPage />)} />
        <Route path="heatmap" element={page(<NetworkHeatmapPage />)} />
        <Route path="people" element={page(<PeoplePage />)} />
        <Route path="audit" element={page(<AuditPage />)} />
        <Route path="account/password" element={page(<PasswordPage />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Route>
  </Route>,
);
