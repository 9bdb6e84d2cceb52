import { Link } from "react-router";
import { useQuery } from "urql";

import { budgetUsed, describeRule } from "../../lib/campaigns";
import { MyCampaignsQuery, type Campaign, type CampaignStatus } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { formatDate } from "../../lib/format";
import { formatAmount, formatPercent } from "../../lib/money";
import { PAGES } from "../../lib/navigation";
import styles from "../Dashboard/Dashboard.module.css";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { Skeleton } from "../Feedback/Skeleton";
import local from "./BrandCampaigns.module.css";

const STATUS: Record<CampaignStatus, { label: string; className: string | undefined }> = {
  DRAFT: { label: "Draft", className: styles.badgeBlue },
  ACTIVE: { label: "Active", className: styles.badgeGreen },
  ENDED: { label: "Ended", className: undefined },
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return <span className={`${styles.badge} ${STATUS[status].className ?? ""}`}>{STATUS[status].label}</span>;
}

export function campaignPath(id: string): string {
  return `${PAGES.brandCampaigns.path}/${encodeURIComponent(id)}`;
}

export function BudgetBar({ campaign }: { campaign: Campaign }) {
  const used = budgetUsed(campaign.spent.amountMinor, campaign.budget.amountMinor);
  return (
    <div className={local.budget}>
      <div className={local.budgetTrack} role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(used * 100)} aria-label="Budget used">
        <span className={local.budgetFill} style={{ width: `${used * 100}%` }} data-full={campaign.budgetExhausted || undefined} />
      </div>
      <span className={styles.small}>
        {formatAmount(campaign.spent)} of {formatAmount(campaign.budget)} <span className={styles.muted}>({formatPercent(used)})</span>
      </span>
    </div>
  );
}

export function CampaignList({ version }: { version: number }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MyCampaignsQuery,
    variables: { first: 100 },
    requestPolicy: version > 0 ? "network-only" : "cache-and-network",
  });
  const campaigns = data?.myCampaigns.nodes ?? [];
  return (
    <section className={styles.panel} aria-labelledby="campaign-list">
      <h2 id="campaign-list" className={styles.panelTitle}>
        Your campaigns
      </h2>
      {fetching && !data ? (
        <Skeleton height={160} />
      ) : error && !data ? (
        <ErrorState problem={describeError(error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      ) : campaigns.length === 0 ? (
        <EmptyState icon="megaphone" title="No campaigns yet">
          Create one: set a budget and a commission, and creators can apply.
        </EmptyState>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Status</th>
                <th scope="col">Budget</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={campaignPath(c.id)}>{c.name}</Link>
                    <span className={styles.sub}>
                      {describeRule(c.commissionRule)} · {formatDate(c.startsAt)} – {formatDate(c.endsAt)}
                    </span>
                  </th>
                  <td>
                    <CampaignStatusBadge status={c.status} />
                  </td>
                  <td style={{ minWidth: 180 }}>
                    <BudgetBar campaign={c} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
