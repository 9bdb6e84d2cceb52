import { ModerationQueue } from "../components/Admin/ModerationQueue";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export function AdminModerationPage() {
  useDocumentTitle("Moderation");
  return (
    <Page>
      <PageHeader
        title="Moderation"
        description="Posts people reported and photos that look like another author's. Approve, hide or remove each one."
      />
      <ModerationQueue />
    </Page>
  );
}
