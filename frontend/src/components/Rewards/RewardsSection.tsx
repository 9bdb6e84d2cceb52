import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { formatDate } from "../../lib/format";
import { POST_PAGES } from "../../lib/navigation";
import { describeError } from "../../lib/graphql/errors";
import { MyPointsQuery, type PointsBalance, type PointsEntry } from "../../lib/graphql/rewards";
import { pointsLabel, pointsValue, statusText } from "../../lib/points";
import dash from "../Dashboard/Dashboard.module.css";
import { Skeleton } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import profile from "../Profile/Profile.module.css";
import styles from "./Rewards.module.css";

const PAGE = 20;
const BADGE: Record<PointsEntry["status"], string> = {
  PENDING: dash.badgeAmber ?? "",
  AVAILABLE: dash.badgeGreen ?? "",
  REVERSED: dash.badgeRed ?? "",
};
const STATUS_LABEL: Record<PointsEntry["status"], string> = {
  PENDING: "Pending",
  AVAILABLE: "Available",
  REVERSED: "Reversed",
};

/**
 * "Rewards" on the profile: points (store credit) earned when someone buys through the products
 * tagged on your looks. Available points, pending ones with the day they become available, and
 * the orders that earned them.
 */
export function RewardsSection() {
  const [first, setFirst] = useState(PAGE);
  const [{ data, fetching, error }] = useQuery({ query: MyPointsQuery, variables: { first }, requestPolicy: "cache-and-network" });
  const points = data?.myPoints;
  const history = points?.history.edges.map((e) => e.node) ?? [];
  return (
    <section className={`${profile.card} ${profile.wide}`} aria-labelledby="rewards-title" data-testid="rewards">
      <h2 id="rewards-title" className={profile.cardTitle}>
        Rewards
      </h2>
      <p className={profile.cardText}>
        Tag the products you wear: when someone buys through your look, you earn points as store credit (100 points = 1.00 in the order's
        currency). Points turn available once the shop's return window has passed.
      </p>
      {fetching && !data ? (
        <Skeleton height={96} />
      ) : error && !data ? (
        <p role="alert" className={dash.muted}>
          {describeError(error).message}
        </p>
      ) : !points || points.balances.length === 0 ? (
        <Balances balance={null} />
      ) : (
        points.balances.map((balance) => <Balances key={balance.currency} balance={balance} />)
      )}
      {history.length > 0 ? (
        <>
          <h3 className={profile.subTitle}>Points history</h3>
          <ul className={styles.history} aria-label="Points history">
            {history.map((entry) => (
              <HistoryItem key={entry.id} entry={entry} />
            ))}
          </ul>
          {points?.history.pageInfo.hasNextPage ? (
            <Button variant="ghost" className={styles.more} busy={fetching} onClick={() => setFirst((n) => n + PAGE)}>
              Show more
            </Button>
          ) : null}
        </>
      ) : data ? (
        <p className={`${dash.small} ${dash.muted}`} style={{ marginTop: 12 }}>
          No points yet. Post a look with the products tagged and share it.
        </p>
      ) : null}
    </section>
  );
}

function Balances({ balance }: { balance: PointsBalance | null }) {
  const currency = balance?.currency ?? "USD";
  return (
    <dl className={styles.balances} aria-label={`Points balance${balance ? ` (${currency})` : ""}`}>
      <div className={styles.figure} data-testid="points-available">
        <dt>Available</dt>
        <dd className={styles.big}>{pointsLabel(balance?.available ?? 0)}</dd>
        <dd className={styles.note}>{balance ? `${pointsValue(balance.available, currency)} store credit` : "Nothing to spend yet"}</dd>
      </div>
      <div className={styles.figure} data-testid="points-pending">
        <dt>Pending</dt>
        <dd className={styles.big}>{pointsLabel(balance?.pending ?? 0)}</dd>
        <dd className={styles.note}>
          {balance?.nextAvailableAt ? `Available after ${formatDate(balance.nextAvailableAt)}` : "Nothing waiting on a return window"}
        </dd>
      </div>
      {balance && balance.reversed > 0 ? (
        <div className={styles.figure}>
          <dt>Reversed</dt>
          <dd className={styles.big}>{pointsLabel(balance.reversed)}</dd>
          <dd className={styles.note}>Orders returned inside the window</dd>
        </div>
      ) : null}
    </dl>
  );
}

function HistoryItem({ entry }: { entry: PointsEntry }) {
  const title = entry.product?.title ?? "A product you tagged";
  const when = statusText(entry.status, entry.availableAt, entry.approvedAt ?? null);
  return (
    <li className={styles.item}>
      <span className={styles.itemTitle}>{title}</span>
      <span className={styles.itemPoints} aria-label={`${pointsLabel(entry.points)} now`}>
        {entry.status === "REVERSED" ? <s>{pointsLabel(entry.credited)}</s> : `+${pointsLabel(entry.points)}`}
      </span>
      <span className={styles.itemMeta}>
        <span className={`${dash.badge} ${BADGE[entry.status]}`}>{STATUS_LABEL[entry.status]}</span>
        {when ? <span>{when}</span> : null}
        <span>
          Order {entry.orderNumber ?? "—"}, {formatDate(entry.orderedAt)}
        </span>
        {entry.reversed > 0 && entry.status !== "REVERSED" ? <span>{pointsLabel(entry.reversed)} reversed (partial return)</span> : null}
        {entry.post ? <Link to={`${POST_PAGES}/${entry.post.id}`}>See the look</Link> : null}
      </span>
    </li>
  );
}
