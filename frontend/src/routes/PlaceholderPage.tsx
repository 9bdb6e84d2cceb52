import { ComingSoon } from "../components/Feedback/ComingSoon";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { PAGES, type PageId } from "../lib/navigation";
import { PLACEHOLDERS } from "./placeholders";

export function PlaceholderPage({ page }: { page: Exclude<PageId, "users"> }) {
  const copy = PLACEHOLDERS[page];
  useDocumentTitle(copy.title);
  return (
    <Page>
      <PageHeader title={copy.title} description={copy.description} />
      <ComingSoon
        icon={PAGES[page].icon}
        title={`${PAGES[page].label} is on its way`}
        summary={copy.summary}
        features={copy.features}
      />
    </Page>
  );
}
