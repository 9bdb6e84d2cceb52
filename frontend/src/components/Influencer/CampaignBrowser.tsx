import { useState } from "react";
import { useMutation, useQuery } from "urql";

import { describeRule, endsIn } from "../../lib/campaigns";
import {
  ApplyToCampaignMutation,
  MyMembershipsQuery,
  OpenCampaignsQuery,
  type CampaignWithProducts,
  type MembershipStatus,
} from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { marketLabel } from "../../lib/format";
import { formatAmount } from "../../lib/money";
import { Avatar } from "../Brand/Avatar";
import styles from "../Dashboard/Dashboard.module.css";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { SkeletonCard } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import { TextAreaField } from "../Form/Field";
import { Icon } from "../Icon/Icon";
import local from "./CampaignBrowser.module.css";
import { CampaignPosts } from "./CampaignPosts";
import { Invitations } from "./Invitations";

const STATUS_BADGE: Record<MembershipStatus, { label: string; className: string }> = {
  APPLIED: { label: "Applied", className: styles.badgeAmber ?? "" },
  INVITED: { label: "Invited", className: styles.badgeBlue ?? "" },
  APPROVED: { label: "Approved", className: styles.badgeGreen ?? "" },
  DECLINED: { label: "Declined", className: styles.badgeRed ?? "" },
};

export function MembershipBadge({ status }: { status: MembershipStatus }) {
  const badge = STATUS_BADGE[status];
  return <span className={`${styles.badge} ${badge.className}`}>{badge.label}</span>;
}

/** Running campaigns in your market, each with what it pays and a way to apply. */
export function CampaignBrowser() {
  const [campaigns, refetch] = useQuery({ query: OpenCampaignsQuery, variables: { first: 50 } });
  const [memberships, refetchMemberships] = useQuery({ query: MyMembershipsQuery, variables: { first: 100 } });
  const statusOf = new Map((memberships.data?.myMemberships.nodes ?? []).map((m) => [m.campaignId, m]));
  const list = campaigns.data?.campaigns.nodes ?? [];
  const mine = memberships.data?.myMemberships.nodes ?? [];

  const invitations = mine.filter((m) => m.status === "INVITED");

  return (
    <div style={{ display: "grid", gap: 24 }}>
      <Invitations
        invitations={invitations}
        onAnswered={() => {
          refetchMemberships({ requestPolicy: "network-only" });
          refetch({ requestPolicy: "network-only" });
        }}
      />
      {mine.length > 0 ? (
        <section className={styles.panel} aria-labelledby="my-campaigns">
          <h2 id="my-campaigns" className={styles.panelTitle}>
            Your campaigns
          </h2>
          <div className={styles.tableWrap}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  <th scope="col">Status</th>
                  <th scope="col">Pays</th>
                  <th scope="col">Your code</th>
                </tr>
              </thead>
              <tbody>
                {mine.map((m) => (
                  <tr key={m.id}>
                    <th scope="row" style={{ textAlign: "left" }} className={styles.strong}>
                      {m.campaign?.name ?? "Campaign"}
                    </th>
                    <td>
                      <MembershipBadge status={m.status} />
                    </td>
                    <td className={styles.muted}>{m.campaign ? describeRule(m.campaign.commissionRule) : "—"}</td>
                    <td>{m.creatorCode ? <code>{m.creatorCode}</code> : <span className={styles.muted}>—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {mine.some((m) => m.status === "APPROVED") ? <CampaignPosts /> : null}

      <section aria-labelledby="open-campaigns" style={{ display: "grid", gap: 14 }}>
        <h2 id="open-campaigns" className={styles.panelTitle}>
          Open campaigns
        </h2>
        {campaigns.fetching && !campaigns.data ? (
          <div className={styles.cards} aria-busy="true">
            <SkeletonCard />
            <SkeletonCard />
          </div>
        ) : campaigns.error && !campaigns.data ? (
          <ErrorState title="We couldn't load the campaigns" problem={describeError(campaigns.error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />
        ) : list.length === 0 ? (
          <EmptyState icon="megaphone" title="No campaigns are open right now">
            Brands open campaigns every week. Check back soon.
          </EmptyState>
        ) : (
          <div className={styles.cards}>
            {list.map((campaign) => (
              <CampaignCard
                key={campaign.id}
                campaign={campaign}
                status={statusOf.get(campaign.id)?.status ?? null}
                onApplied={() => refetchMemberships({ requestPolicy: "network-only" })}
              />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}

interface CampaignCardProps {
  campaign: CampaignWithProducts;
  status: MembershipStatus | null;
  onApplied: () => void;
}

function CampaignCard({ campaign, status, onApplied }: CampaignCardProps) {
  const [applying, setApplying] = useState(false);
  const [pitch, setPitch] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, apply] = useMutation(ApplyToCampaignMutation);

  async function send() {
    setError(null);
    const result = await apply({ campaignId: campaign.id, pitch: pitch.trim() });
    const payload = result.data?.applyToCampaign;
    if (result.error || !payload) {
      setError(result.error ? describeError(result.error).message : "Your application wasn't sent.");
      return;
    }
    if (payload.errors.length > 0) {
      setError(payload.errors.map((e) => e.message).join(" "));
      return;
    }
    setApplying(false);
    onApplied();
  }

  return (
    <article className={styles.itemCard} aria-labelledby={`campaign-${campaign.id}`}>
      <div className={`${styles.row} ${styles.spaced}`}>
        <h3 id={`campaign-${campaign.id}`} className={styles.itemTitle}>
          {campaign.name}
        </h3>
        {status ? <MembershipBadge status={status} /> : <span className={`${styles.badge} ${styles.badgePink}`}>{endsIn(campaign.endsAt)}</span>}
      </div>
      {campaign.brand ? (
        <p className={`${styles.row} ${styles.muted}`} style={{ gap: 8 }}>
          <Avatar name={campaign.brand.displayName} url={campaign.brand.avatarUrl} size={24} />
          <span>
            by <strong>{campaign.brand.displayName}</strong>
          </span>
        </p>
      ) : null}
      {campaign.brief ? <p className={styles.muted}>{campaign.brief}</p> : null}
      <dl className={styles.facts}>
        <div>
          <dt>Pays</dt>
          <dd>{describeRule(campaign.commissionRule)}</dd>
        </div>
        <div>
          <dt>Markets</dt>
          <dd>{campaign.markets.length > 2 ? campaign.markets.join(" · ") : campaign.markets.map(marketLabel).join(", ")}</dd>
        </div>
        <div>
          <dt>Products</dt>
          <dd>{campaign.products.length || "Any"}</dd>
        </div>
        <div>
          <dt>Attribution</dt>
          <dd>{campaign.attributionWindowDays}-day window</dd>
        </div>
      </dl>
      {campaign.products.length > 0 ? (
        <ul className={local.products} aria-label={`Products of ${campaign.name}`}>
          {campaign.products.slice(0, 6).map((product) => (
            <li key={product.id} className={local.product}>
              {product.thumbUrl ? <img src={product.thumbUrl} alt="" width={48} height={48} loading="lazy" /> : <span className={local.noPhoto} aria-hidden="true" />}
              <span className={local.productText}>
                <span>{product.title}</span>
                <span className={styles.muted}>{formatAmount(product.price)}</span>
              </span>
            </li>
          ))}
          {campaign.products.length > 6 ? <li className={styles.muted}>and {campaign.products.length - 6} more</li> : null}
        </ul>
      ) : null}
      {status === null ? (
        applying ? (
          <div style={{ display: "grid", gap: 10 }}>
            <TextAreaField
              label="Why you? (optional)"
              hint="A line about your audience helps the brand say yes."
              value={pitch}
              maxLength={1000}
              onChange={(e) => setPitch(e.target.value)}
              autoFocus
            />
            {error ? (
              <p role="alert" className={styles.small} style={{ color: "var(--color-danger)" }}>
                {error}
              </p>
            ) : null}
            <div className={styles.row}>
              <Button busy={fetching} onClick={() => void send()} icon={<Icon name="send" size={16} />}>
                Send application
              </Button>
              <Button variant="ghost" onClick={() => setApplying(false)}>
                Cancel
              </Button>
            </div>
          </div>
        ) : (
          <Button variant="secondary" onClick={() => setApplying(true)} aria-label={`Apply to ${campaign.name}`}>
            Apply
          </Button>
        )
      ) : null}
    </article>
  );
}
