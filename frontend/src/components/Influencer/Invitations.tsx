import { useState } from "react";
import { useMutation } from "urql";

import { describeRule } from "../../lib/campaigns";
import type { MembershipWithCampaign } from "../../lib/graphql/commerce";
import { RespondToInvitationMutation } from "../../lib/graphql/creators";
import { describeError } from "../../lib/graphql/errors";
import { formatDate } from "../../lib/format";
import styles from "../Dashboard/Dashboard.module.css";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";

/** Campaigns a brand invited the influencer to, each to accept or decline. */
export function Invitations({ invitations, onAnswered }: { invitations: readonly MembershipWithCampaign[]; onAnswered: () => void }) {
  if (invitations.length === 0) return null;
  return (
    <section className={styles.panel} aria-labelledby="invitations">
      <h2 id="invitations" className={styles.panelTitle}>
        Invitations <span className={styles.muted}>{invitations.length}</span>
      </h2>
      <div className={styles.cards}>
        {invitations.map((m) => (
          <Invitation key={m.id} membership={m} onAnswered={onAnswered} />
        ))}
      </div>
    </section>
  );
}

function Invitation({ membership, onAnswered }: { membership: MembershipWithCampaign; onAnswered: () => void }) {
  const [{ fetching }, respond] = useMutation(RespondToInvitationMutation);
  const [answering, setAnswering] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const name = membership.campaign?.name ?? "A campaign";

  async function answer(accept: boolean) {
    setProblem(null);
    setAnswering(accept);
    const result = await respond({ membershipId: membership.id, accept });
    const payload = result.data?.respondToInvitation;
    setAnswering(null);
    if (result.error && !payload) setProblem(describeError(result.error).message);
    else if (!payload || payload.errors.length > 0) setProblem(payload?.errors.map((e) => e.message).join(" ") || "Your answer wasn't sent. Try again.");
    else onAnswered();
  }

  return (
    <article className={styles.itemCard} aria-label={`Invitation to ${name}`}>
      <h3 className={styles.itemTitle}>{name}</h3>
      <p className={styles.muted}>
        {membership.campaign ? describeRule(membership.campaign.commissionRule) : null}
        {membership.campaign ? ` · until ${formatDate(membership.campaign.endsAt)}` : null}
      </p>
      <div className={styles.row}>
        <Button busy={fetching && answering === true} disabled={fetching} onClick={() => void answer(true)} icon={<Icon name="check" size={16} />}>
          Accept
        </Button>
        <Button variant="secondary" busy={fetching && answering === false} disabled={fetching} onClick={() => void answer(false)}>
          Decline
        </Button>
      </div>
      {problem ? (
        <p role="alert" className={styles.small} style={{ color: "var(--color-danger)" }}>
          {problem}
        </p>
      ) : null}
    </article>
  );
}
