import { AdjustmentForm } from "../components/Admin/AdjustmentForm";
import styles from "../components/Admin/Admin.module.css";
import { HeldCommissions } from "../components/Admin/HeldCommissions";
import { PayoutRun } from "../components/Admin/PayoutRun";
import { useInfluencers } from "../components/Admin/useInfluencers";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export function AdminMoneyPage() {
  useDocumentTitle("Money");
  // The adjustment form's picker (held commissions and payouts name their influencer).
  const influencers = useInfluencers();
  return (
    <Page>
      <PageHeader
        title="Money"
        description="Review held commissions, take money back from an influencer, and pay out what is due."
      />
      <div className={styles.stack}>
        <HeldCommissions />
        <AdjustmentForm influencers={influencers} />
        <PayoutRun />
      </div>
    </Page>
  );
}
