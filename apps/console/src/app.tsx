import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import type { Principal } from './auth/principal';
import { useSession } from './auth/session';
import { SignInCallbackPage, SignInPage } from './auth/sign-in-page';
import { Shell } from './layout/shell';
import { inboxScreen } from './officer/inbox-screen';

// Each screen is its own chunk: the first load carries only the shell and the sign-in. The inbox,
// where most loads land, is preloaded at start-up (first-screen.ts).
const InboxPage = inboxScreen.Screen;
const TaskPage = lazy(() => import('./officer/task-page').then((m) => ({ default: m.TaskPage })));
const DirectivesPage = lazy(() => import('./clerk/directives-page').then((m) => ({ default: m.DirectivesPage })));
const DirectivePage = lazy(() => import('./clerk/directive-page').then((m) => ({ default: m.DirectivePage })));
const IntakePage = lazy(() => import('./clerk/intake-page').then((m) => ({ default: m.IntakePage })));
const UnitsImportPage = lazy(() => import('./admin/units-import-page').then((m) => ({ default: m.UnitsImportPage })));
const EscalationsPage = lazy(() =>
  import('./supervisor/escalations-page').then((m) => ({ default: m.EscalationsPage })),
);
const NewDirectivePage = lazy(() =>
  import('./clerk/new-directive-page').then((m) => ({ default: m.NewDirectivePage })),
);
const ExtensionRequestsPage = lazy(() =>
  import('./clerk/extension-requests-page').then((m) => ({ default: m.ExtensionRequestsPage })),
);
const CascadeTreePage = lazy(() =>
  import('./supervisor/cascade-tree-page').then((m) => ({ default: m.CascadeTreePage })),
);
const StatisticsPage = lazy(() => import('./supervisor/statistics-page').then((m) => ({ default: m.StatisticsPage })));
const OrganisationPage = lazy(() => import('./admin/organisation-page').then((m) => ({ default: m.OrganisationPage })));
const AuditPage = lazy(() => import('./admin/audit-page').then((m) => ({ default: m.AuditPage })));

/** Where a person lands after sign-in: the first screen of their first role. */
function homeOf(principal: Principal): string {
  if (principal.roles.includes('officer')) return '/inbox';
  if (principal.roles.includes('clerk')) return '/directives';
  if (principal.roles.includes('supervisor')) return '/escalations';
  if (principal.roles.includes('admin')) return '/units/import';
  return '/inbox';
}

/** The console's routes; everything but sign-in needs a signed-in person. */
export function App() {
  const { principal } = useSession();
  if (principal === null) {
    return (
      <Routes>
        <Route path="/sign-in/callback" element={<SignInCallbackPage />} />
        <Route path="*" element={<SignInPage />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route path="/inbox" element={<InboxPage />} />
        <Route path="/tasks/:taskId" element={<TaskPage />} />
        <Route path="/directives" element={<DirectivesPage />} />
        <Route path="/directives/:directiveId" element={<DirectivePage />} />
        <Route path="/intake" element={<IntakePage />} />
        <Route path="/escalations" element={<EscalationsPage />} />
        <Route path="/units/import" element={<UnitsImportPage />} />
        <Route path="/directives/new" element={<NewDirectivePage />} />
        <Route path="/extension-requests" element={<ExtensionRequestsPage />} />
        <Route path="/directives/:directiveId/tree" element={<CascadeTreePage />} />
        <Route path="/statistics" element={<StatisticsPage />} />
        <Route path="/units" element={<OrganisationPage />} />
        <Route path="/audit" element={<AuditPage />} />
        <Route path="*" element={<Navigate to={homeOf(principal)} replace />} />
      </Route>
    </Routes>
  );
}
