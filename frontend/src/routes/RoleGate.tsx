import type { ReactNode } from "react";
import { Link, useLocation } from "react-router";

import { EmptyState } from "../components/Feedback/EmptyState";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useViewer } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { roleLabel } from "../lib/format";
import { canVisit, homePathFor } from "../lib/navigation";

/** Shows the page only to roles whose navigation lists it (and admins). */
export function RoleGate({ children }: { children: ReactNode }) {
  const viewer = useViewer();
  const { pathname } = useLocation();
  if (canVisit(viewer.role, pathname)) return <>{children}</>;
  return <NotForYourRole />;
}

function NotForYourRole() {
  const viewer = useViewer();
  useDocumentTitle("Not available");
  return (
    <Page narrow>
      <PageHeader title="Not available for your account" />
      <EmptyState
        icon="lock"
        title={`${roleLabel(viewer.role)} accounts can't open this page`}
        action={<Link to={homePathFor(viewer.role)}>Go to your home page</Link>}
      >
        If you need it for your work, ask an admin to change your role.
      </EmptyState>
    </Page>
  );
}
