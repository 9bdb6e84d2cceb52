import { useState } from "react";
import { useMutation } from "urql";

import { describeError } from "../../lib/graphql/errors";
import {
  AcceptPurchaseOrderMutation,
  DeclinePurchaseOrderMutation,
  MarkListedMutation,
  ReceivePurchaseOrderMutation,
  ShipPurchaseOrderMutation,
  StartProductionMutation,
  type PurchaseOrder,
} from "../../lib/graphql/suppliers";
import { formatDate } from "../../lib/format";
import { formatAmount, formatCount } from "../../lib/money";
import {
  brandActions,
  leadTimeStatus,
  PO_STATE_LABELS,
  PO_STATE_TONE,
  qcProblem,
  remainingToShip,
  shipProblem,
  supplierActions,
} from "../../lib/suppliers";
import dash from "../Dashboard/Dashboard.module.css";
import { Button } from "../Form/Button";
import { GradeBadge, ToneBadge } from "./GradeBadge";
import styles from "./Suppliers.module.css";

type Side = "supplier" | "brand";

interface Payload {
  purchaseOrder: PurchaseOrder | null;
  errors: readonly { message: string }[];
}

interface Outcome {
  ok: boolean;
  text: string;
}

/** A fresh idempotency key: a double click sends the same one, so the step happens once. */
function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

/** Reads a step's answer: the order it moved to, or what went wrong in words. */
function outcomeOf(result: { error?: Parameters<typeof describeError>[0]; data?: unknown }, payload: Payload | undefined): PurchaseOrder | string {
  if (result.error) return describeError(result.error).message;
  if (!payload) return "That didn't go through; try again.";
  if (payload.errors.length > 0 || !payload.purchaseOrder) return payload.errors.map((e) => e.message).join(" ") || "That didn't go through.";
  return payload.purchaseOrder;
}

/**
 * One purchase order: what to make (lines, sizes, quantities), by when, how far it has got, and
 * the next steps the viewer's side may take (the supplier accepts, starts and ships; the brand
 * receives with its quality check and lists).
 */
export function OrderCard({ order, side, onChanged }: { order: PurchaseOrder; side: Side; onChanged: (order: PurchaseOrder, message: string) => void }) {
  const [message, setMessage] = useState<Outcome | null>(null);
  const remaining = remainingToShip(order);
  const shippedShare = order.ordered > 0 ? Math.min(1, order.shipped / order.ordered) : 0;
  const lead = side === "brand" ? leadTimeStatus(order.leadTime) : null;
  const title = order.lines.length === 1 ? order.lines[0]!.sku : `${order.lines.length} styles`;

  function settle(next: PurchaseOrder | string, done: string) {
    if (typeof next === "string") {
      setMessage({ ok: false, text: next });
      return;
    }
    // The page announces it: the card itself may move to another column.
    setMessage(null);
    onChanged(next, done);
  }

  return (
    <article className={styles.order} aria-labelledby={`po-${order.id}`} data-po={order.id} data-state={order.state}>
      <div className={styles.orderHead}>
        <div style={{ display: "grid", gap: 2, minWidth: 0 }}>
          <h3 id={`po-${order.id}`} className={styles.orderTitle}>
            {title} · {formatCount(order.ordered)} pcs
          </h3>
          <span className={`${dash.small} ${dash.muted}`}>
            {order.category}
            {order.batchNumber ? ` · ${order.batchNumber === 1 ? "test batch" : `re-order ${order.batchNumber - 1}`}` : ""} · {formatAmount(order.amount)}
          </span>
        </div>
        <div className={dash.row} style={{ gap: 6 }}>
          {order.late ? <ToneBadge tone="red">Late</ToneBadge> : null}
          <ToneBadge tone={PO_STATE_TONE[order.state]} data-po-state={order.state}>
            {PO_STATE_LABELS[order.state]}
          </ToneBadge>
        </div>
      </div>
      {side === "brand" && order.supplier ? (
        <div className={dash.row} style={{ gap: 8 }}>
          <GradeBadge grade={order.supplier.grade} />
          <span className={dash.strong}>{order.supplier.name}</span>
        </div>
      ) : null}
      <dl className={dash.facts}>
        <div>
          <dt>Due</dt>
          <dd>{formatDate(order.dueDate)}</dd>
        </div>
        <div>
          <dt>Shipped</dt>
          <dd>
            {formatCount(order.shipped)} / {formatCount(order.ordered)}
          </dd>
        </div>
      </dl>
      <div className={styles.progress} role="progressbar" aria-label="Pieces shipped" aria-valuemin={0} aria-valuemax={order.ordered} aria-valuenow={order.shipped}>
        <span style={{ width: `${Math.round(shippedShare * 100)}%` }} />
      </div>
      <table className={styles.lines}>
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col" className={styles.num}>
              Pcs
            </th>
            <th scope="col" className={styles.num}>
              Unit
            </th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.sku}>
              <td>
                {line.sku}
                {line.sizes.length > 0 ? <span className={styles.sizes}>{line.sizes.map((s) => `${s.size} ${s.quantity}`).join(" · ")}</span> : null}
              </td>
              <td className={styles.num}>{formatCount(line.quantity)}</td>
              <td className={styles.num}>{formatAmount(line.unitCost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {order.declineReason ? <p className={styles.message}>Declined: {order.declineReason}</p> : null}
      {order.receipt ? (
        <p className={styles.message} data-receipt>
          Received {formatCount(order.receipt.received)}: {formatCount(order.receipt.passed)} passed, {formatCount(order.receipt.defective)} defective
          {order.receipt.reason ? ` (${order.receipt.reason})` : ""}
          {order.receipt.difference !== 0 ? ` · ${order.receipt.difference > 0 ? "over" : "short"} by ${formatCount(Math.abs(order.receipt.difference))}` : ""}
        </p>
      ) : null}
      {lead ? (
        <p className={`${dash.small}`} style={{ margin: 0 }}>
          <ToneBadge tone={lead.tone}>Lead time</ToneBadge> {lead.text}
        </p>
      ) : null}
      {side === "supplier" ? (
        <SupplierSteps order={order} remaining={remaining} onDone={settle} />
      ) : (
        <BrandSteps order={order} onDone={settle} />
      )}
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`${styles.message} ${message.ok ? styles.ok : styles.error}`}>
          {message.text}
        </p>
      ) : null}
    </article>
  );
}

function SupplierSteps({ order, remaining, onDone }: { order: PurchaseOrder; remaining: number; onDone: (next: PurchaseOrder | string, done: string) => void }) {
  const actions = supplierActions(order);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState("");
  const [quantity, setQuantity] = useState(String(remaining));
  const [shipKey, setShipKey] = useState(newKey);
  const [accepting, accept] = useMutation(AcceptPurchaseOrderMutation);
  const [declineState, decline] = useMutation(DeclinePurchaseOrderMutation);
  const [starting, start] = useMutation(StartProductionMutation);
  const [shipping, ship] = useMutation(ShipPurchaseOrderMutation);
  if (actions.length === 0) return null;

  async function onAccept() {
    const result = await accept({ id: order.id });
    onDone(outcomeOf(result, result.data?.acceptPurchaseOrder), "Accepted: start production when you are ready.");
  }
  async function onDecline() {
    if (reason.trim() === "") {
      onDone("Say why you are declining.", "");
      return;
    }
    const result = await decline({ id: order.id, reason: reason.trim() });
    onDone(outcomeOf(result, result.data?.declinePurchaseOrder), "Declined.");
  }
  async function onStart() {
    const result = await start({ id: order.id });
    onDone(outcomeOf(result, result.data?.startProduction), "Production started.");
  }
  async function onShip() {
    const units = Number(quantity);
    const problem = shipProblem(units);
    if (problem) {
      onDone(problem, "");
      return;
    }
    const result = await ship({ id: order.id, quantity: units, key: shipKey });
    const next = outcomeOf(result, result.data?.shipPurchaseOrder);
    if (typeof next !== "string") {
      // The next shipment is a new one.
      setShipKey(newKey());
      setQuantity(String(remainingToShip(next)));
    }
    onDone(next, `Shipped ${formatCount(units)} pieces.`);
  }

  return (
    <div className={styles.actions}>
      {actions.includes("accept") ? (
        <Button busy={accepting.fetching} onClick={() => void onAccept()}>
          Accept
        </Button>
      ) : null}
      {actions.includes("decline") && !declining ? (
        <Button variant="secondary" onClick={() => setDeclining(true)}>
          Decline…
        </Button>
      ) : null}
      {declining && actions.includes("decline") ? (
        <>
          <label className={`${styles.field} ${styles.grow}`}>
            Why decline?
            <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="e.g. no capacity this week" />
          </label>
          <Button variant="danger" busy={declineState.fetching} onClick={() => void onDecline()}>
            Decline order
          </Button>
          <Button variant="ghost" onClick={() => setDeclining(false)}>
            Cancel
          </Button>
        </>
      ) : null}
      {actions.includes("start") ? (
        <Button busy={starting.fetching} onClick={() => void onStart()}>
          Start production
        </Button>
      ) : null}
      {actions.includes("ship") ? (
        <>
          <label className={styles.field}>
            Pieces to ship
            <input className={styles.narrow} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
          </label>
          <Button busy={shipping.fetching} onClick={() => void onShip()}>
            Ship
          </Button>
          <span className={`${dash.small} ${dash.muted}`}>{formatCount(remaining)} left to ship</span>
        </>
      ) : null}
    </div>
  );
}

function BrandSteps({ order, onDone }: { order: PurchaseOrder; onDone: (next: PurchaseOrder | string, done: string) => void }) {
  const actions = brandActions(order.state);
  const [passed, setPassed] = useState(String(order.shipped));
  const [defective, setDefective] = useState("0");
  const [reason, setReason] = useState("");
  const [receiveKey] = useState(newKey);
  const [receiving, receive] = useMutation(ReceivePurchaseOrderMutation);
  const [listing, list] = useMutation(MarkListedMutation);
  if (actions.length === 0) return null;

  async function onReceive() {
    const qc = { passed: Number(passed), defective: Number(defective), reason };
    const problem = qcProblem(qc);
    if (problem) {
      onDone(problem, "");
      return;
    }
    const result = await receive({ id: order.id, passed: qc.passed, defective: qc.defective, key: receiveKey, reason: reason.trim() || null });
    onDone(outcomeOf(result, result.data?.receivePurchaseOrder), `Received: ${formatCount(qc.passed)} passed, ${formatCount(qc.defective)} defective.`);
  }
  async function onList() {
    const result = await list({ id: order.id });
    onDone(outcomeOf(result, result.data?.markListed), "Listed for sale.");
  }

  return (
    <div className={styles.actions}>
      {actions.includes("receive") ? (
        <>
          <label className={styles.field}>
            Passed
            <input className={styles.narrow} inputMode="numeric" value={passed} onChange={(e) => setPassed(e.target.value)} />
          </label>
          <label className={styles.field}>
            Defective
            <input className={styles.narrow} inputMode="numeric" value={defective} onChange={(e) => setDefective(e.target.value)} />
          </label>
          <label className={`${styles.field} ${styles.grow}`}>
            What was wrong
            <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="e.g. loose seams" />
          </label>
          <Button busy={receiving.fetching} onClick={() => void onReceive()}>
            Receive
          </Button>
        </>
      ) : null}
      {actions.includes("list") ? (
        <Button busy={listing.fetching} onClick={() => void onList()}>
          Mark listed
        </Button>
      ) : null}
    </div>
  );
}
