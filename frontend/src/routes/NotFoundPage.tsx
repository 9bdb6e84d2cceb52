import { Link } from "react-router";

import { EmptyState } from "../components/Feedback/EmptyState";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useViewer } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { homePathFor } from "../lib/navigation";

export function NotFoundPage() {
  useDocumentTitle("Page not found");
  const viewer = useViewer();
  return (
    <Page narrow>
      <PageHeader title="Page not found" />
      <EmptyState
        icon="search"
        title="There's nothing at this address"
        action={<Link to={homePathFor(viewer.role)}>Go to your home page</Link>}
      >
        The link may be old, or the page may have moved.
      </EmptyState>
    </Page>
  );
}
