import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";

import { lastDays } from "../../lib/earnings";
import { useViewer } from "../../hooks/useAuth";
import { describeError } from "../../lib/graphql/errors";
import { AttributionReportQuery, type Metrics } from "../../lib/graphql/reports";
import { ShopperChannelQuery, type ShopperChannel } from "../../lib/graphql/rewards";
import { formatAmount, formatCount, toMajor } from "../../lib/money";
import { rateText } from "../../lib/points";
import { kolBars, type KolBar } from "../../lib/reports";
import { KolMetricChart } from "../Charts/KolCharts";
import dash from "../Dashboard/Dashboard.module.css";
import { Skeleton } from "../Feedback/Skeleton";
import styles from "./Rewards.module.css";

export const SHOPPER_BAR_LABEL = "Shoppers (points)";

/** The shopper channel's bar beside the KOLs' in the CAC chart (major units; null: no CAC). */
export function shopperBar(channel: ShopperChannel): KolBar {
  return {
    label: SHOPPER_BAR_LABEL,
    id: "shopper-channel",
    cac: channel.cac ? toMajor(channel.cac.amountMinor, channel.cac.currency) : null,
    roas: null,
  };
}

/**
 * The shopper channel beside the KOLs, for the period the reports show (`?period=`): orders
 * through shoppers' tagged looks, their revenue, what the points cost and the cost per new
 * customer, next to all KOLs' totals, and one more bar in the per-KOL CAC chart.
 */
export function ShopperChannelPanel() {
  // Brands see their own channel; an admin's Reports page has no one brand to show.
  return useViewer().role === "BRAND" ? <ShopperChannelPanelBody /> : null;
}

function ShopperChannelPanelBody() {
  const [params] = useSearchParams();
  const period = params.get("period") === "90" ? 90 : 30;
  const range = useMemo(() => lastDays(period), [period]);
  const [channel] = useQuery({ query: ShopperChannelQuery, variables: range, requestPolicy: "cache-and-network" });
  // The same document and variables as the dashboard's default view: one request serves both.
  const [report] = useQuery({
    query: AttributionReportQuery,
    variables: { groupBy: "INFLUENCER", model: null, campaignId: null, ...range },
    requestPolicy: "cache-and-network",
  });
  const shoppers = channel.data?.shopperChannel ?? null;
  const kols = report.data?.attributionReport ?? null;
  const bars = useMemo(() => {
    if (!shoppers) return [];
    const kolRows = kols && kols.currency === shoppers.currency ? kolBars(kols.rows.nodes, 11) : [];
    return [...kolRows, shopperBar(shoppers)].sort((a, b) => (a.cac ?? Infinity) - (b.cac ?? Infinity));
  }, [kols, shoppers]);

  return (
    <section className={dash.panel} aria-labelledby="shopper-channel-title" data-testid="shopper-channel">
      <div className={dash.panelHead}>
        <h2 id="shopper-channel-title" className={dash.panelTitle}>
          Shopper channel beside KOLs
        </h2>
        {shoppers ? <span className={`${dash.small} ${dash.muted}`}>Shoppers earn {rateText(shoppers.rateBps)} in points</span> : null}
      </div>
      <p className={dash.panelText}>
        Shoppers' tagged looks are tracked links too: an order through one earns the shopper points (store credit) instead of a commission. Last
        {` ${period}`} days, orders that earned points; KOLs as in the report above under its default model.
      </p>
      {channel.error && !shoppers ? (
        <p role="alert" className={dash.muted}>
          {describeError(channel.error).message}
        </p>
      ) : !shoppers ? (
        <Skeleton height={160} />
      ) : (
        <div className={styles.compare}>
          <div className={dash.tableWrap} style={{ margin: 0, borderTop: 0 }}>
            <table className={dash.table} aria-label="Shopper channel and KOLs">
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col" className={dash.num}>
                    Orders
                  </th>
                  <th scope="col" className={dash.num}>
                    Revenue
                  </th>
                  <th scope="col" className={dash.num}>
                    Cost
                  </th>
                  <th scope="col" className={dash.num}>
                    CAC
                  </th>
                </tr>
              </thead>
              <tbody>
                <ChannelRow name="KOLs (all)" totals={kols && kols.currency === shoppers.currency && !kols.pending ? kols.totals : null} />
                <tr data-testid="shopper-channel-row">
                  <th scope="row">{SHOPPER_BAR_LABEL}</th>
                  <td className={dash.num}>{formatCount(shoppers.orders)}</td>
                  <td className={dash.num}>{formatAmount(shoppers.revenue)}</td>
                  <td className={dash.num}>{formatAmount(shoppers.pointsCost)}</td>
                  <td className={dash.num} title={`${formatCount(shoppers.newCustomers)} new customers`}>
                    {shoppers.cac ? formatAmount(shoppers.cac) : "—"}
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
          <KolMetricChart bars={bars} metric="cac" currency={shoppers.currency} title="Customer acquisition cost: each KOL and the shopper channel" testId="chart-channel-cac" />
        </div>
      )}
    </section>
  );
}

function ChannelRow({ name, totals }: { name: string; totals: Metrics | null }) {
  if (!totals) {
    return (
      <tr>
        <th scope="row">{name}</th>
        <td className={dash.num} colSpan={4}>
          <span className={dash.muted}>Report being computed</span>
        </td>
      </tr>
    );
  }
  return (
    <tr>
      <th scope="row">{name}</th>
      <td className={dash.num}>{formatCount(Math.round(totals.conversions * 10) / 10)}</td>
      <td className={dash.num}>{formatAmount(totals.revenue)}</td>
      <td className={dash.num}>{formatAmount(totals.spend)}</td>
      <td className={dash.num}>{totals.cac ? formatAmount(totals.cac) : "—"}</td>
    </tr>
  );
}
