// Which page shows where: setup or sign-in until someone is signed in, then the network and its admin pages.
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
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

export function App() {
  const session = useSession();
  const page = (element: React.ReactNode) => <Suspense fallback={<Loading what="the page" />}>{element}</Suspense>;

  if (session.isPending) return <Loading what="Trellis" standalone />;
  if (session.isError) return <ErrorMessage error={session.error} standalone />;
  const s = session.data;

  if (!s.signedIn)
    return (
      <Routes>
        <Route path="/set-password/:token" element={page(<SetPasswordPage />)} />
        <Route path="*" element={s.setupNeeded ? page(<SetupPage />) : <SignInPage demo={s.demo} />} />
      </Routes>
    );

  return (
    <Routes>
      <Route path="/set-password/:token" element={page(<SetPasswordPage />)} />
      <Route element={<Layout />}>
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
    </Routes>
  );
}
