import { useQuery } from "urql";

import { DropSupplyQuery } from "../../lib/graphql/suppliers";
import { formatCount } from "../../lib/money";
import { leadTimeStatus, supplierSplit } from "../../lib/suppliers";
import dash from "../Dashboard/Dashboard.module.css";
import { GradeBadge, ToneBadge } from "./GradeBadge";
import styles from "./Suppliers.module.css";

/**
 * A drop's supply line on the drop board: its design-to-listing lead time against the target,
 * and which supplier makes how many of its pieces. Nothing shows before its first order.
 */
export function DropSupply({ dropId }: { dropId: string }) {
  const [{ data }] = useQuery({ query: DropSupplyQuery, variables: { dropId }, requestPolicy: "cache-and-network" });
  const lead = data?.dropLeadTime;
  const split = supplierSplit(data?.purchaseOrders.nodes ?? []);
  if (!lead || lead.orders === 0) return null;
  const status = leadTimeStatus({ elapsedDays: lead.elapsedDays, totalDays: lead.toFirstListingDays, targetDays: lead.targetDays, onTarget: lead.onTarget });
  return (
    <div className={styles.supply} data-drop-supply={dropId}>
      <span className={dash.small} data-lead-on-target={String(lead.onTarget)}>
        <ToneBadge tone={status.tone}>Design to listing</ToneBadge> {status.text} · {formatCount(lead.listedOrders)} of {formatCount(lead.orders)} orders listed
      </span>
      {split.length > 0 ? (
        <ul className={styles.split} aria-label="Who makes it">
          {split.map((row) => (
            <li key={row.supplierId} data-maker={row.name}>
              {row.grade ? <GradeBadge grade={row.grade} /> : null}
              <span className={dash.strong}>{row.name}</span>
              <span className={dash.muted}>
                {formatCount(row.pieces)} pcs · {row.orders === 1 ? "1 order" : `${formatCount(row.orders)} orders`}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
