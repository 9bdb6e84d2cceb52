import { useState } from "react";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";

import { describeRule, endsIn, formatEngagement, formatRoas } from "../../lib/campaigns";
import { ActivateCampaignMutation, CampaignQuery, DecideApplicationMutation, EndCampaignMutation } from "../../lib/graphql/commerce";
import { CampaignApplicantsQuery, type Applicant, type CreatorStats } from "../../lib/graphql/creators";
import { describeError } from "../../lib/graphql/errors";
import { formatDate, marketLabel } from "../../lib/format";
import { formatAmount, formatCount } from "../../lib/money";
import { PAGES } from "../../lib/navigation";
import { profilePath } from "../../lib/profiles";
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
  // One request for the list: who each creator is and their audience come with it.
  const [{ data, fetching, error }, refetch] = useQuery({ query: CampaignApplicantsQuery, variables: { campaignId, first: 100 } });
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
        <p className={styles.muted}>No one has applied yet. Creators in the campaign's markets see it on their Campaigns page; invite one from their profile.</p>
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

function Audience({ stats }: { stats: CreatorStats }) {
  return (
    <dl className={local.audience} aria-label="Audience">
      <div>
        <dt>Followers</dt>
        <dd>{formatCount(stats.followerCount)}</dd>
      </div>
      <div>
        <dt>Posts</dt>
        <dd>{formatCount(stats.postCount)}</dd>
      </div>
      <div>
        <dt>Engagement</dt>
        <dd title={stats.engagementNote ?? "Likes, comments and saves per post per follower, last 30 days"}>
          {formatEngagement(stats.engagementRate)}
          {stats.engagementNote ? <span className={styles.muted}> ({stats.engagementNote.replace(/\.$/, "").toLowerCase()})</span> : null}
        </dd>
      </div>
      <div>
        <dt>Past ROAS</dt>
        <dd title="Attributed sales per unit of commissions and fees, in your past campaigns">
          {stats.roas !== null && stats.roas !== undefined ? (
            <>
              {formatRoas(stats.roas)}
              <span className={styles.muted}>
                {" "}
                ({stats.pastCampaignCount} {stats.pastCampaignCount === 1 ? "campaign" : "campaigns"}
                {stats.pastRevenue ? `, ${formatAmount(stats.pastRevenue)} sales` : ""})
              </span>
            </>
          ) : (
            <span className={styles.muted}>{stats.roasNote?.replace(/\.$/, "") ?? "—"}</span>
          )}
        </dd>
      </div>
    </dl>
  );
}

function Applicant({ membership, onDecided }: { membership: Applicant; onDecided: () => void }) {
  const [{ fetching }, decide] = useMutation(DecideApplicationMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const creator = membership.influencer;
  const name = creator?.displayName ?? "Creator";
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
      <Avatar name={name} url={creator?.avatarUrl} size={40} />
      <div className={local.applicantText}>
        {creator?.handle ? (
          <Link className={styles.strong} to={profilePath(creator.handle)}>
            {name}
          </Link>
        ) : (
          <span className={styles.strong}>{name}</span>
        )}
        {membership.pitch ? <span className={local.pitch}>“{membership.pitch}”</span> : null}
        <span className={`${styles.small} ${styles.muted}`}>
          {membership.status === "INVITED" ? "Invited" : "Applied"} {formatDate(membership.createdAt)}
        </span>
        {membership.audience ? <Audience stats={membership.audience} /> : null}
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
