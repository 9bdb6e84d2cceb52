import { CampaignBrowser } from "../components/Influencer/CampaignBrowser";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export function CampaignsPage() {
  useDocumentTitle("Campaigns");
  return (
    <Page>
      <PageHeader title="Campaigns" description="Brand campaigns open to creators like you: what they pay and how to join." />
      <CampaignBrowser />
    </Page>
  );
}
