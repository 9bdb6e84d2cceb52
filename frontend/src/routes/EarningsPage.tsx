import { EarningsDashboard } from "../components/Influencer/EarningsDashboard";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export function EarningsPage() {
  useDocumentTitle("Earnings");
  return (
    <Page>
      <PageHeader title="Earnings" description="What your links and posts have earned, and where each order came from." />
      <EarningsDashboard />
    </Page>
  );
}
