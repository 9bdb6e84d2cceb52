import { Page, PageHeader } from "../components/Page/PageHeader";
import { ReportDashboard } from "../components/Reports/ReportDashboard";
import { ShopperChannelPanel } from "../components/Rewards/ShopperChannelPanel";
import { ShopperTermsSettings } from "../components/Rewards/ShopperTermsSettings";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export function ReportsPage() {
  useDocumentTitle("Attribution reports");
  return (
    <Page>
      <PageHeader title="Attribution reports" description="Which KOLs, posts and campaigns drive sales, and at what acquisition cost." />
      <div style={{ display: "grid", gap: 20 }}>
        <ReportDashboard />
        <ShopperChannelPanel />
        <ShopperTermsSettings />
      </div>
    </Page>
  );
}
