import { DropBoard } from "../components/Drops/DropBoard";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export function TestDropsPage() {
  useDocumentTitle("Test drops");
  return (
    <Page>
      <PageHeader title="Test drops" description="Small batches of new designs, judged by real sales: re-order what sells, drop what doesn't." />
      <DropBoard />
    </Page>
  );
}
