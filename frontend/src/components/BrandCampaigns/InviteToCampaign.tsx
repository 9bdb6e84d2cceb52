import { useState } from "react";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";

import { inviteOptions, type InviteOption } from "../../lib/campaigns";
import { describeError } from "../../lib/graphql/errors";
import { InviteTargetsQuery, InviteToCampaignMutation } from "../../lib/graphql/creators";
import { PAGES } from "../../lib/navigation";
import styles from "../Dashboard/Dashboard.module.css";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import local from "./BrandCampaigns.module.css";

interface InviteToCampaignProps {
  influencerId: string;
  name: string;
}

/**
 * On an influencer's profile, for a brand: invite them to one of its draft or running campaigns.
 * Where they stand in each campaign comes from the API, so "Invited" survives a reload.
 */
export function InviteToCampaign({ influencerId, name }: InviteToCampaignProps) {
  const [open, setOpen] = useState(false);
  return (
    <div className={local.invite}>
      <div>
        <Button variant="secondary" aria-expanded={open} onClick={() => setOpen((v) => !v)} icon={<Icon name="megaphone" size={16} />}>
          Invite to campaign
        </Button>
      </div>
      {open ? <InviteChoices influencerId={influencerId} name={name} /> : null}
    </div>
  );
}

function InviteChoices({ influencerId, name }: InviteToCampaignProps) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: InviteTargetsQuery,
    variables: { influencerId, first: 50 },
    requestPolicy: "cache-and-network",
  });
  if (!data && fetching) return <p className={styles.muted}>Loading your campaigns…</p>;
  if (error && !data) {
    return (
      <p role="alert" className={styles.small} style={{ color: "var(--color-danger)" }}>
        {describeError(error).message}
      </p>
    );
  }
  const options = inviteOptions(data?.myCampaigns.nodes ?? []);
  if (options.length === 0) {
    return (
      <p className={styles.muted}>
        You have no draft or running campaign to invite {name} to. <Link to={PAGES.brandCampaigns.path}>Create one</Link>.
      </p>
    );
  }
  return (
    <ul aria-label={`Invite ${name} to a campaign`} style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {options.map((option) => (
        <InviteRow key={option.id} option={option} influencerId={influencerId} onInvited={() => refetch({ requestPolicy: "network-only" })} />
      ))}
    </ul>
  );
}

function InviteRow({ option, influencerId, onInvited }: { option: InviteOption; influencerId: string; onInvited: () => void }) {
  const [{ fetching }, invite] = useMutation(InviteToCampaignMutation);
  const [problem, setProblem] = useState<string | null>(null);

  async function send() {
    setProblem(null);
    const result = await invite({ campaignId: option.id, influencerId });
    const payload = result.data?.inviteToCampaign;
    if (result.error && !payload) setProblem(describeError(result.error).message);
    else if (!payload || payload.errors.length > 0) setProblem(payload?.errors.map((e) => e.message).join(" ") || "The invitation wasn't sent. Try again.");
    else onInvited();
  }

  return (
    <li className={local.inviteRow}>
      <span className={styles.strong}>{option.name}</span>
      {option.canInvite ? (
        <Button busy={fetching} onClick={() => void send()} aria-label={`Invite to ${option.name}`}>
          {option.label === "Invite" ? "Invite" : option.label}
        </Button>
      ) : (
        <span className={`${styles.badge} ${option.label === "Declined" ? styles.badgeRed : option.label === "Invited" ? styles.badgeBlue : styles.badgeGreen}`}>{option.label}</span>
      )}
      {problem ? (
        <span role="alert" className={styles.small} style={{ color: "var(--color-danger)", flexBasis: "100%" }}>
          {problem}
        </span>
      ) : null}
    </li>
  );
}
