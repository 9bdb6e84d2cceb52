import { useEffect, useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useQuery } from "urql";

import { describeError } from "../../lib/graphql/errors";
import { AttributionReportQuery } from "../../lib/graphql/reports";
import { driverChart, type DriverBar, type OwnGrouping } from "../../lib/influencer-report";
import { formatCount, formatMoney, fractionDigits } from "../../lib/money";
import { modelLabel } from "../../lib/reports";
import { AXIS, GRID } from "../Charts/palette";
import styles from "../Dashboard/Dashboard.module.css";
import { Segmented, Stat, Stats } from "../Dashboard/Stat";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { Skeleton } from "../Feedback/Skeleton";
import { Spinner } from "../Feedback/Spinner";
import { Button } from "../Form/Button";

const GROUPINGS: { value: OwnGrouping; label: string }[] = [
  { value: "POST", label: "Posts" },
  { value: "LINK", label: "Links" },
];
// A report still being computed is asked for again this often.
export const POLL_MS = 2000;
const BAR_COLOUR = "#d62e63";

interface OrderDriversProps {
  from: string;
  to: string;
  /** The currency the rest of the page shows; null until it is known (the report waits). */
  currency: string | null;
  /** Link id → product title, to name link rows by what they sell. */
  linkTitles: ReadonlyMap<string, string>;
}

/**
 * The influencer's own rows of the attribution report: which of their posts and links drove
 * orders, with conversions and revenue, as a bar chart of revenue per post or link.
 */
export function OrderDrivers({ from, to, currency, linkTitles }: OrderDriversProps) {
  const [groupBy, setGroupBy] = useState<OwnGrouping>("POST");
  const [report, refetch] = useQuery({
    query: AttributionReportQuery,
    variables: { groupBy, from, to, currency },
    pause: currency === null,
    requestPolicy: "cache-and-network",
  });
  const data = report.data?.attributionReport;
  const waiting = Boolean(data?.pending || data?.stale);
  // The report is computed in the background: ask again until it is in.
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setInterval(() => refetch({ requestPolicy: "network-only" }), POLL_MS);
    return () => window.clearInterval(timer);
  }, [waiting, refetch]);
  const chart = useMemo(() => driverChart(data?.rows.nodes ?? [], groupBy, linkTitles), [data, groupBy, linkTitles]);
  const noun = groupBy === "POST" ? "post" : "link";

  return (
    <section className={styles.panel} aria-labelledby="order-drivers" data-pending={data?.pending || undefined}>
      <div className={styles.panelHead}>
        <div style={{ display: "grid", gap: 2 }}>
          <h2 id="order-drivers" className={styles.panelTitle}>
            What drove your orders
          </h2>
          <span className={`${styles.small} ${styles.muted}`}>
            {data ? `Orders credited to your ${noun}s, ${modelLabel(data.model).toLowerCase()} attribution` : "Orders credited to your posts and links"}
          </span>
        </div>
        <Segmented label="Show orders by" value={groupBy} options={GROUPINGS} onChange={setGroupBy} />
      </div>
      {report.error && !data ? (
        <ErrorState title="We couldn't load the report" problem={describeError(report.error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Skeleton height={240} radius={12} />
      ) : data.pending ? (
        <div className={styles.row} role="status" style={{ minHeight: 120, justifyContent: "center" }}>
          <Spinner size={18} label={null} />
          <span className={styles.muted}>Computing your report… it shows here in a moment.</span>
          <Button variant="ghost" onClick={() => refetch({ requestPolicy: "network-only" })}>
            Check now
          </Button>
        </div>
      ) : (
        <>
          <Stats label={`Orders from your ${noun}s`}>
            <Stat label="Orders" value={formatCount(data.totals.conversions)} note={`from ${formatCount(data.totals.clicks)} clicks`} />
            <Stat label="Revenue" value={formatMoney(data.totals.revenue.amountMinor, data.totals.revenue.currency)} note="what shoppers spent" highlight />
          </Stats>
          {data.stale ? (
            <p className={`${styles.row} ${styles.small} ${styles.muted}`} role="status">
              <Spinner size={14} label={null} /> Updating with new orders…
            </p>
          ) : null}
          {chart.bars.length === 0 ? (
            <EmptyState icon="chart" title={`No orders from your ${noun}s in this period`}>
              When someone buys through one of your {noun}s, it shows here with what they spent.
            </EmptyState>
          ) : (
            <>
              <DriversChart bars={chart.bars} currency={data.currency} title={`Revenue per ${noun}`} />
              <p className={`${styles.small} ${styles.muted}`}>Each bar: revenue · orders.</p>
              {chart.more > 0 ? (
                <p className={`${styles.small} ${styles.muted}`}>
                  and {formatCount(chart.more)} more {chart.more === 1 ? noun : `${noun}s`} with fewer sales
                </p>
              ) : null}
            </>
          )}
        </>
      )}
    </section>
  );
}

/** One horizontal bar per post or link (long captions stay readable), revenue at its end. */
function DriversChart({ bars, currency, title }: { bars: DriverBar[]; currency: string; title: string }) {
  const money = (major: number) => formatMoney(Math.round(major * 10 ** fractionDigits(currency)), currency);
  const height = Math.max(160, 44 * bars.length + 40);
  // Each bar says what it brought in and how many orders, without a hover.
  const data = bars.map((bar) => ({ ...bar, caption: `${money(bar.revenue)} · ${formatCount(bar.conversions)}` }));
  return (
    <figure style={{ margin: 0, height }} aria-label={title} data-testid="drivers-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 110, bottom: 4, left: 8 }}>
          <CartesianGrid stroke={GRID} horizontal={false} />
          <XAxis type="number" tick={AXIS} tickLine={false} axisLine={false} tickFormatter={(v: number) => formatMoney(Math.round(v * 10 ** fractionDigits(currency)), currency, { compact: true })} />
          <YAxis type="category" dataKey="label" tick={{ ...AXIS, fill: "#1b1a21" }} tickLine={false} axisLine={false} width={150} />
          <Tooltip
            cursor={{ fill: "rgba(27,26,33,0.05)" }}
            labelFormatter={(_label, payload) => String((payload?.[0]?.payload as DriverBar | undefined)?.fullLabel ?? _label)}
            formatter={(value, _name, item) => {
              const bar = item.payload as DriverBar;
              return [`${money(Number(value))} · ${formatCount(bar.conversions)} ${bar.conversions === 1 ? "order" : "orders"}`, "Revenue"];
            }}
          />
          <Bar dataKey="revenue" fill={BAR_COLOUR} radius={[0, 6, 6, 0]} maxBarSize={30} isAnimationActive={false}>
            <LabelList dataKey="caption" position="right" fontSize={12} fill="#5f5b66" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      {/* The figures for screen readers; the div clips, so a long table cannot widen the page. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{title.replace(/^Revenue per /, "")}</th>
              <th scope="col">Orders</th>
              <th scope="col">Revenue</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.id ?? "none"} data-driver={bar.id ?? ""}>
                <th scope="row">{bar.fullLabel}</th>
                <td>{formatCount(bar.conversions)}</td>
                <td>{money(bar.revenue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
