import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import type { Principal } from './auth/principal';
import { useSession } from './auth/session';
import { SignInCallbackPage, SignInPage } from './auth/sign-in-page';
import { Shell } from './layout/shell';

// Each screen is its own chunk: the first load carries only the shell and the sign-in.
const InboxPage = lazy(() => import('./officer/inbox-page').then((m) => ({ default: m.InboxPage })));
const TaskPage = lazy(() => import('./officer/task-page').then((m) => ({ default: m.TaskPage })));

/** Where a person lands after sign-in: the first screen of their first role. */
function homeOf(principal: Principal): string {
  if (principal.roles.includes('officer')) return '/inbox';
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
        <Route path="*" element={<Navigate to={homeOf(principal)} replace />} />
      </Route>
    </Routes>
  );
}
