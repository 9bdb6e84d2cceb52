import { useState } from "react";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";

import { describeRule, endsIn } from "../../lib/campaigns";
import {
  ActivateCampaignMutation,
  CampaignMembersQuery,
  CampaignQuery,
  DecideApplicationMutation,
  EndCampaignMutation,
  PublicUserQuery,
  type Membership,
} from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { formatDate, marketLabel } from "../../lib/format";
import { PAGES } from "../../lib/navigation";
import { modelLabel } from "../../lib/reports";
import { Avatar } from "../Brand/Avatar";
import styles from "../Dashboard/Dashboard.module.css";
import { ErrorState } from "../Feedback/ErrorState";
import { Skeleton } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import { MembershipBadge } from "../Influencer/CampaignBrowser";
import local from "./BrandCampaigns.module.css";
import { BudgetBar, CampaignStatusBadge } from "./CampaignList";
import { DeliverableReview } from "./DeliverableReview";

export function CampaignDetail({ id }: { id: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: CampaignQuery, variables: { id } });
  const [{ fetching: starting }, activate] = useMutation(ActivateCampaignMutation);
  const [{ fetching: ending }, end] = useMutation(EndCampaignMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const campaign = data?.campaign;
  if (fetching && !campaign) return <Skeleton height={260} radius={18} />;
  if (error && !campaign) return <ErrorState problem={describeError(error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!campaign) return null;

  async function change(action: "start" | "end") {
    setProblem(null);
    const result = action === "start" ? await activate({ id }) : await end({ id });
    const payload = result.data ? ("activateCampaign" in result.data ? result.data.activateCampaign : result.data.endCampaign) : null;
    if (result.error) setProblem(describeError(result.error).message);
    else if (payload && payload.errors.length > 0) setProblem(payload.errors.map((e) => e.message).join(" "));
    refetch({ requestPolicy: "network-only" });
  }

  return (
    <div style={{ display: "grid", gap: 20 }}>
      <section className={styles.panel} aria-labelledby="campaign-facts">
        <div className={styles.panelHead}>
          <div className={styles.row}>
            <h2 id="campaign-facts" className={styles.panelTitle}>
              {campaign.name}
            </h2>
            <CampaignStatusBadge status={campaign.status} />
          </div>
          <div className={styles.row}>
            <Link className={styles.segment} style={{ display: "inline-flex", alignItems: "center", gap: 6, textDecoration: "none" }} to={`${PAGES.reports.path}?campaign=${encodeURIComponent(campaign.id)}`}>
              <Icon name="chart" size={16} /> Open report
            </Link>
            {campaign.status === "DRAFT" ? (
              <Button busy={starting} onClick={() => void change("start")}>
                Start campaign
              </Button>
            ) : campaign.status === "ACTIVE" ? (
              <Button variant="secondary" busy={ending} onClick={() => void change("end")}>
                End campaign
              </Button>
            ) : null}
          </div>
        </div>
        {problem ? (
          <p role="alert" style={{ color: "var(--color-danger)" }}>
            {problem}
          </p>
        ) : null}
        {campaign.brief ? <p className={styles.panelText}>{campaign.brief}</p> : null}
        <dl className={styles.facts} style={{ gridTemplateColumns: "repeat(auto-fit, minmax(160px, 1fr))" }}>
          <div>
            <dt>Commission</dt>
            <dd>{describeRule(campaign.commissionRule)}</dd>
          </div>
          <div>
            <dt>Runs</dt>
            <dd>
              {formatDate(campaign.startsAt)} – {formatDate(campaign.endsAt)}
            </dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>{campaign.status === "ACTIVE" ? endsIn(campaign.endsAt) : campaign.status === "DRAFT" ? "Not started" : "Ended"}</dd>
          </div>
          <div>
            <dt>Markets</dt>
            <dd>{campaign.markets.map(marketLabel).join(", ")}</dd>
          </div>
          <div>
            <dt>Windows</dt>
            <dd>
              {campaign.attributionWindowDays} d attribution · {campaign.returnWindowDays} d returns
            </dd>
          </div>
          <div>
            <dt>Model</dt>
            <dd>{modelLabel(campaign.attributionModel)}</dd>
          </div>
        </dl>
        <BudgetBar campaign={campaign} />
        {campaign.products.length > 0 ? (
          <p className={styles.small}>
            <span className={styles.muted}>Products: </span>
            {campaign.products.map((p) => p.title).join(", ")}
          </p>
        ) : null}
      </section>
      <DeliverableReview campaign={campaign} onDecided={() => refetch({ requestPolicy: "network-only" })} />
      <Applicants campaignId={campaign.id} />
    </div>
  );
}

function Applicants({ campaignId }: { campaignId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: CampaignMembersQuery, variables: { campaignId, first: 100 } });
  const members = data?.campaignMembers.nodes ?? [];
  const waiting = members.filter((m) => m.status === "APPLIED");
  const decided = members.filter((m) => m.status !== "APPLIED");
  return (
    <section className={styles.panel} aria-labelledby="applicants">
      <h2 id="applicants" className={styles.panelTitle}>
        Applicants <span className={styles.muted}>{waiting.length ? `${waiting.length} waiting` : ""}</span>
      </h2>
      {fetching && !data ? (
        <Skeleton height={80} />
      ) : error && !data ? (
        <ErrorState problem={describeError(error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      ) : members.length === 0 ? (
        <p className={styles.muted}>No one has applied yet. Creators in the campaign's markets see it on their Campaigns page.</p>
      ) : (
        <div>
          {[...waiting, ...decided].map((m) => (
            <Applicant key={m.id} membership={m} onDecided={() => refetch({ requestPolicy: "network-only" })} />
          ))}
        </div>
      )}
    </section>
  );
}

function Applicant({ membership, onDecided }: { membership: Membership; onDecided: () => void }) {
  const [{ data }] = useQuery({ query: PublicUserQuery, variables: { id: membership.influencerId } });
  const [{ fetching }, decide] = useMutation(DecideApplicationMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const name = data?.user?.displayName ?? "Creator";
  async function answer(approve: boolean) {
    setProblem(null);
    const result = await decide({ membershipId: membership.id, approve });
    const payload = result.data?.decideApplication;
    if (result.error) setProblem(describeError(result.error).message);
    else if (payload && payload.errors.length > 0) setProblem(payload.errors.map((e) => e.message).join(" "));
    else onDecided();
  }
  return (
    <div className={local.applicant}>
      <Avatar name={name} url={data?.user?.avatarUrl} size={40} />
      <div className={local.applicantText}>
        <span className={styles.strong}>{name}</span>
        {membership.pitch ? <span className={local.pitch}>“{membership.pitch}”</span> : null}
        <span className={`${styles.small} ${styles.muted}`}>Applied {formatDate(membership.createdAt)}</span>
        {problem ? (
          <span role="alert" className={styles.small} style={{ color: "var(--color-danger)" }}>
            {problem}
          </span>
        ) : null}
      </div>
      {membership.status === "APPLIED" ? (
        <div className={styles.row}>
          <Button busy={fetching} onClick={() => void answer(true)} aria-label={`Approve ${name}`}>
            Approve
          </Button>
          <Button variant="secondary" disabled={fetching} onClick={() => void answer(false)} aria-label={`Decline ${name}`}>
            Decline
          </Button>
        </div>
      ) : (
        <MembershipBadge status={membership.status} />
      )}
    </div>
  );
}
