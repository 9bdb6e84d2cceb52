import { AdjustmentForm } from "../components/Admin/AdjustmentForm";
import styles from "../components/Admin/Admin.module.css";
import { HeldCommissions } from "../components/Admin/HeldCommissions";
import { PayoutRun } from "../components/Admin/PayoutRun";
import { useInfluencers } from "../components/Admin/useInfluencers";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export function AdminMoneyPage() {
  useDocumentTitle("Money");
  // Read once for the whole page: names the people behind held commissions and payouts, and
  // fills the adjustment form's picker.
  const influencers = useInfluencers();
  return (
    <Page>
      <PageHeader
        title="Money"
        description="Review held commissions, take money back from an influencer, and pay out what is due."
      />
      <div className={styles.stack}>
        <HeldCommissions influencers={influencers} />
        <AdjustmentForm influencers={influencers} />
        <PayoutRun influencers={influencers} />
      </div>
    </Page>
  );
}
