import { Navigate, Outlet, useLocation } from "react-router";

import { ErrorState } from "../components/Feedback/ErrorState";
import { FullPageStatus } from "../components/Feedback/FullPageStatus";
import { Button } from "../components/Form/Button";
import { AppShell } from "../components/Shell/AppShell";
import { useSession } from "../hooks/useAuth";
import { publicPathFor } from "../lib/share";

/** Everything below needs an account: visitors go to the login page and come back after. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();

  if (session.status === "signed-out") {
    // A post someone shared from inside the app opens as its public page, not a login wall.
    const shared = session.loggedOut ? null : publicPathFor(location.pathname);
    if (shared) return <Navigate to={shared} replace />;
    // After "Log out" the next person starts from their own home, not this page.
    const here = `${location.pathname}${location.search}`;
    const next = here === "/" || session.loggedOut ? "" : `?next=${encodeURIComponent(here)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  if (session.status === "loading") {
    return <FullPageStatus />;
  }
  if (session.status === "error" && session.problem) {
    return (
      <FullPageStatus>
        <div style={{ width: "min(480px, 100%)" }}>
          <ErrorState title="We couldn't open your workspace" problem={session.problem} onRetry={session.retry}>
            <Button variant="ghost" onClick={session.signOut}>
              Log out
            </Button>
          </ErrorState>
        </div>
      </FullPageStatus>
    );
  }
  return (
    <AppShell>
      <Outlet />
    </AppShell>
  );
}
