import { useEffect, useMemo, useState } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useMutation, useQuery } from "urql";

import {
  arrivalDate,
  categoryLabel,
  coverWords,
  filterOptions,
  launchWords,
  productsWithVerdict,
  sellThroughCurve,
  sortDrops,
  VERDICT_LABELS,
  type DropOrder,
} from "../../lib/drops";
import { PlaceReorderMutation, TestDropsQuery, type DropProduct, type DropVerdict, type TestDrop } from "../../lib/graphql/drops";
import { describeError } from "../../lib/graphql/errors";
import { formatDate, marketLabel } from "../../lib/format";
import { formatAmount, formatCount, formatPercent } from "../../lib/money";
import { formatDay } from "../../lib/time";
import { AXIS, GRID } from "../Charts/palette";
import styles from "../Dashboard/Dashboard.module.css";
import { Segmented } from "../Dashboard/Stat";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { SkeletonCard } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import { StateBadge } from "../Trends/StateBadge";
import { DropSupply } from "../Suppliers/DropSupply";
import local from "./Drops.module.css";

const VERDICT_CLASS: Record<DropVerdict, string | undefined> = {
  REORDER: styles.badgeGreen,
  WATCH: styles.badgeAmber,
  DROP: styles.badgeRed,
};
const VERDICT_COLOUR: Record<DropVerdict, string> = { REORDER: "#1f9d63", WATCH: "#e0a21a", DROP: "#d6455d" };

export function VerdictBadge({ verdict }: { verdict: DropVerdict }) {
  return (
    <span className={`${styles.badge} ${VERDICT_CLASS[verdict] ?? ""}`} data-verdict={verdict}>
      {VERDICT_LABELS[verdict]}
    </span>
  );
}

/**
 * Every test drop of the brand, most urgent first, with each product's curve and verdict.
 * A new `reloadKey` reads the list again (after a drop is created here).
 */
export function DropBoard({ reloadKey = 0 }: { reloadKey?: number }) {
  const [verdict, setVerdict] = useState<DropVerdict | "">("");
  const [category, setCategory] = useState("");
  const [elementId, setElementId] = useState("");
  const [order, setOrder] = useState<DropOrder>("urgency");
  const filter = { verdict: verdict || null, category: category || null, elementId: elementId || null };
  const [{ data, fetching, error }, refetch] = useQuery({ query: TestDropsQuery, variables: { filter, first: 50 }, requestPolicy: "cache-and-network" });
  // The menus offer what exists across all drops, not only the filtered ones.
  const [{ data: all }, refetchAll] = useQuery({ query: TestDropsQuery, variables: { filter: null, first: 50 } });
  useEffect(() => {
    if (reloadKey === 0) return;
    refetch({ requestPolicy: "network-only" });
    refetchAll({ requestPolicy: "network-only" });
  }, [reloadKey, refetch, refetchAll]);
  const options = useMemo(() => filterOptions(all?.testDrops.nodes ?? []), [all]);
  const drops = sortDrops(data?.testDrops.nodes ?? [], order);
  // A placed re-order is confirmed here, not on its product: the new batch is judged again at
  // once, and a product whose verdict moves on leaves a list filtered by verdict.
  const [placed, setPlaced] = useState<string | null>(null);

  return (
    <div style={{ display: "grid", gap: 20 }}>
      <div className={styles.toolbar} style={{ justifyContent: "space-between" }}>
        <div className={styles.toolbar}>
          <label className={styles.filter}>
            Verdict
            <select className={styles.select} value={verdict} onChange={(e) => setVerdict(e.target.value as DropVerdict | "")}>
              <option value="">All verdicts</option>
              {(Object.keys(VERDICT_LABELS) as DropVerdict[]).map((v) => (
                <option key={v} value={v}>
                  {VERDICT_LABELS[v]}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.filter}>
            Category
            <select className={styles.select} value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="">All categories</option>
              {options.categories.map((c) => (
                <option key={c} value={c}>
                  {categoryLabel(c)}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.filter}>
            Element
            <select className={styles.select} value={elementId} onChange={(e) => setElementId(e.target.value)}>
              <option value="">All elements</option>
              {options.elements.map((el) => (
                <option key={el.id} value={el.id}>
                  {el.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className={styles.filter}>
          <span>Sort</span>
          <Segmented
            label="Sort drops"
            value={order}
            options={[
              { value: "urgency", label: "Most urgent" },
              { value: "sellThrough", label: "Best selling" },
              { value: "newest", label: "Newest" },
            ]}
            onChange={setOrder}
          />
        </div>
      </div>
      {placed ? (
        <p role="status" className={styles.success}>
          <Icon name="check" size={18} /> {placed}
        </p>
      ) : null}
      {error && !data ? (
        <ErrorState title="We couldn't load the test drops" problem={describeError(error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      ) : fetching && !data ? (
        <div style={{ display: "grid", gap: 16 }} aria-busy="true">
          <SkeletonCard lines={5} />
          <SkeletonCard lines={5} />
        </div>
      ) : drops.length === 0 ? (
        <EmptyState icon="flask" title={verdict || category || elementId ? "No drop matches these filters" : "No test drops yet"}>
          {verdict || category || elementId
            ? "Clear a filter to see more."
            : "Start one from a trending element: a small batch of new designs, judged by what real shoppers buy."}
        </EmptyState>
      ) : (
        drops.map((drop) => <DropPanel key={drop.id} drop={drop} verdict={verdict || null} onReordered={setPlaced} />)
      )}
    </div>
  );
}

/** One drop; with a verdict filter, only its products of that verdict. */
function DropPanel({ drop, verdict, onReordered }: { drop: TestDrop; verdict: DropVerdict | null; onReordered: (message: string) => void }) {
  const products = productsWithVerdict(drop.products, verdict);
  return (
    <section className={styles.panel} aria-labelledby={`drop-${drop.id}`} data-drop={drop.id}>
      <div className={styles.panelHead}>
        <div style={{ display: "grid", gap: 2 }}>
          <h2 id={`drop-${drop.id}`} className={styles.panelTitle}>
            {drop.name}
          </h2>
          <span className={`${styles.small} ${styles.muted}`}>
            {launchWords(drop.launchDate, formatDate(drop.launchDate))} · {drop.markets.map(marketLabel).join(", ")}
          </span>
        </div>
        <span className={`${styles.badge} ${drop.daysOfCover !== null && drop.daysOfCover < 7 ? styles.badgeRed : ""}`}>
          <Icon name="clock" size={13} /> {coverWords(drop.daysOfCover)}
        </span>
      </div>
      {drop.elements.length > 0 ? (
        <div className={styles.row}>
          {drop.elements.map((el) => (
            <span key={el.id} className={local.element}>
              {el.name}
              {el.state ? <StateBadge state={el.state} /> : null}
            </span>
          ))}
        </div>
      ) : null}
      <DropSupply dropId={drop.id} />
      <div className={local.products}>
        {products.map((product) => (
          <ProductRow key={product.id} product={product} onReordered={onReordered} />
        ))}
      </div>
    </section>
  );
}

function ProductRow({ product: initial, onReordered }: { product: DropProduct; onReordered: (message: string) => void }) {
  const [product, setProduct] = useState(initial);
  const curve = sellThroughCurve(product.series);
  const verdict = product.verdict;
  const colour = verdict ? VERDICT_COLOUR[verdict.verdict] : "#4f6bed";
  return (
    <article className={local.product} aria-labelledby={`product-${product.id}`}>
      <div className={local.productHead}>
        <div>
          <h3 id={`product-${product.id}`} className={local.productTitle}>
            {product.title}
          </h3>
          <span className={`${styles.small} ${styles.muted}`}>
            {product.sku}
            {product.category ? ` · ${categoryLabel(product.category)}` : ""} · {formatAmount(product.price)}
          </span>
        </div>
        {verdict ? <VerdictBadge verdict={verdict.verdict} /> : <span className={styles.badge}>Not judged yet</span>}
      </div>
      <div className={local.productBody}>
        <figure className={local.curve} aria-label={`${product.title}: sell-through since launch`}>
          {curve.length === 0 ? (
            <p className={styles.muted}>No sales days yet.</p>
          ) : (
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={curve} margin={{ top: 6, right: 6, bottom: 0, left: 0 }}>
                <CartesianGrid stroke={GRID} vertical={false} />
                <XAxis dataKey="day" tickFormatter={(d: string) => formatDay(d)} tick={{ ...AXIS, fontSize: 11 }} tickLine={false} axisLine={{ stroke: GRID }} minTickGap={20} />
                <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} tick={{ ...AXIS, fontSize: 11 }} tickLine={false} axisLine={false} width={40} />
                <Tooltip labelFormatter={(d) => formatDay(String(d))} formatter={(v, name) => [name === "sellThrough" ? `${v}%` : String(v), name === "sellThrough" ? "Sell-through" : String(name)]} />
                <Line type="monotone" dataKey="sellThrough" stroke={colour} strokeWidth={2.2} dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          )}
        </figure>
        <div className={local.side}>
          <dl className={styles.facts}>
            <div>
              <dt>Sell-through</dt>
              <dd>{formatPercent(product.sellThrough)}</dd>
            </div>
            <div>
              <dt>Sold (net)</dt>
              <dd>
                {formatCount(product.netUnitsSold)} / {formatCount(product.unitsReceived)}
              </dd>
            </div>
            <div>
              <dt>In stock</dt>
              <dd>{formatCount(product.stockOnHand)}</dd>
            </div>
            <div>
              <dt>Returns</dt>
              <dd>{formatPercent(product.returnRate)}</dd>
            </div>
          </dl>
          {verdict ? (
            <div className={local.reasons}>
              <span className="visually-hidden">Why: </span>
              <ul aria-label={`Why ${VERDICT_LABELS[verdict.verdict].toLowerCase()}`}>
                {verdict.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {verdict?.verdict === "REORDER" ? <Reorder
              product={product}
              onPlaced={(next, message) => {
                setProduct(next);
                onReordered(message);
              }}
            /> : null}
          {product.unitsOnOrder > 0 ? (
            <p className={`${styles.small} ${styles.muted}`}>{formatCount(product.unitsOnOrder)} units on order</p>
          ) : null}
        </div>
      </div>
    </article>
  );
}

function Reorder({ product, onPlaced }: { product: DropProduct; onPlaced: (product: DropProduct, message: string) => void }) {
  const suggested = product.verdict?.suggestedQuantity ?? 0;
  const [quantity, setQuantity] = useState(String(suggested || ""));
  const [date, setDate] = useState(arrivalDate(product));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [{ fetching }, place] = useMutation(PlaceReorderMutation);
  async function submit() {
    const units = Number(quantity);
    if (!Number.isInteger(units) || units <= 0) {
      setMessage({ ok: false, text: "Enter how many units to order." });
      return;
    }
    const result = await place({ productId: product.id, quantity: units, expectedDate: date });
    const payload = result.data?.placeReorder;
    if (result.error || !payload) {
      setMessage({ ok: false, text: result.error ? describeError(result.error).message : "The re-order wasn't placed." });
      return;
    }
    if (payload.errors.length > 0 || !payload.product) {
      setMessage({ ok: false, text: payload.errors.map((e) => e.message).join(" ") });
      return;
    }
    // Said here for the eye, and announced once by the board (which outlives this product's card).
    setMessage({ ok: true, text: `Re-order of ${formatCount(units)} units placed, due ${formatDate(date)}.` });
    onPlaced(payload.product, `Re-order of ${formatCount(units)} units of ${product.title} placed, due ${formatDate(date)}.`);
  }
  return (
    <div className={local.reorder}>
      <span className={styles.small}>
        Suggested: <strong>{formatCount(suggested)} units</strong> ({formatAmount(product.verdict?.reorderCost ?? { amountMinor: 0, currency: "USD" })})
      </span>
      <div className={styles.row}>
        <label className={styles.filter}>
          Units
          <input className={styles.select} style={{ width: 90 }} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
        </label>
        <label className={styles.filter}>
          Arrives
          <input className={styles.select} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <Button busy={fetching} onClick={() => void submit()} style={{ alignSelf: "end" }}>
          Place re-order
        </Button>
      </div>
      {message ? (
        <p role={message.ok ? undefined : "alert"} className={styles.small} style={{ color: message.ok ? "var(--color-success)" : "var(--color-danger)" }}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
