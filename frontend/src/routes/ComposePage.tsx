import { Composer } from "../components/Composer/Composer";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export function ComposePage() {
  useDocumentTitle("Post an outfit");
  return (
    <Page>
      <PageHeader title="Post an outfit" description="Share what you're wearing and tag the pieces so others can shop them." />
      <Composer />
    </Page>
  );
}
