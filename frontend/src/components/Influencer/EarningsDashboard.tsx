import { useMemo, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { campaignRows, earnedOf, earningsRows, isFlat, lastDays, linkEarnings, linkTraffic, mainCurrency, paidOutIn, periodSentence } from "../../lib/earnings";
import { linkTitleMap } from "../../lib/influencer-report";
import { MyEarningsQuery, MyLinksQuery, MyMembershipsQuery, MyPayoutsQuery } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { formatDate } from "../../lib/format";
import { formatCount, formatMoney, formatPercent } from "../../lib/money";
import { PAGES } from "../../lib/navigation";
import { EarningsChart } from "../Charts/EarningsChart";
import { STATE_COLOURS } from "../Charts/palette";
import styles from "../Dashboard/Dashboard.module.css";
import { Segmented, Stat, Stats } from "../Dashboard/Stat";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { Skeleton, SkeletonCard } from "../Feedback/Skeleton";
import { OrderDrivers } from "./OrderDrivers";

const PERIODS = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "12 months" },
] as const;
type Period = (typeof PERIODS)[number]["value"];

export function EarningsDashboard() {
  const [period, setPeriod] = useState<Period>("30");
  const range = useMemo(() => lastDays(Number(period)), [period]);
  const [earnings, refetchEarnings] = useQuery({ query: MyEarningsQuery, variables: range, requestPolicy: "cache-and-network" });
  const [links] = useQuery({ query: MyLinksQuery, variables: { first: 100 }, requestPolicy: "cache-and-network" });
  const [memberships] = useQuery({ query: MyMembershipsQuery, variables: { first: 100 } });
  const report = earnings.data?.myEarnings;
  const [chosenCurrency, setCurrency] = useState<string | null>(null);
  const currency = chosenCurrency ?? (report ? mainCurrency(report.totals) : null) ?? "USD";
  const totals = report?.totals.find((t) => t.currency === currency);
  const rows = report ? earningsRows(report.daily, currency) : [];
  const paid = paidOutIn(report?.paidOut ?? [], currency);
  // The figures shown are of the chosen period only once the report for it is in.
  const current = report !== undefined && report.start === range.from && report.end === range.to;
  const linkTitles = useMemo(() => linkTitleMap(links.data?.myLinks.nodes ?? []), [links.data]);
  const campaignNames = new Map((memberships.data?.myMemberships.nodes ?? []).map((m) => [m.campaignId, m.campaign?.name ?? "Campaign"]));

  if (earnings.error && !report) {
    return <ErrorState title="We couldn't load your earnings" problem={describeError(earnings.error)} onRetry={() => refetchEarnings({ requestPolicy: "network-only" })} />;
  }

  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <div style={{ display: "grid", gap: 20 }}>
      <div className={`${styles.row} ${styles.spaced}`}>
        <div style={{ display: "grid", gap: 4 }}>
          <Segmented label="Period" value={period} options={PERIODS} onChange={setPeriod} />
          <p className={`${styles.small} ${styles.muted}`} style={{ margin: 0 }} data-testid="earnings-period" aria-live="polite">
            {current ? periodSentence(report.start, report.end, formatDate) : "Loading the period…"}
          </p>
        </div>
        {report && report.totals.length > 1 ? (
          <label className={styles.filter}>
            Currency
            <select className={styles.select} value={currency} onChange={(e) => setCurrency(e.target.value)}>
              {report.totals.map((t) => (
                <option key={t.currency}>{t.currency}</option>
              ))}
            </select>
          </label>
        ) : null}
      </div>

      {!report ? (
        <div className={styles.stats} aria-busy="true">
          {[0, 1, 2, 3, 4].map((i) => (
            <SkeletonCard key={i} lines={1} />
          ))}
        </div>
      ) : (
        <div style={{ opacity: current ? 1 : 0.45 }} aria-busy={!current} data-current={current ? "true" : "false"}>
          <Stats label="Totals for the period">
            <Stat label="Pending" value={money(totals?.pending ?? 0)} swatch={STATE_COLOURS.pending} note="This period's orders, in the return window" />
            <Stat label="Approved" value={money(totals?.approved ?? 0)} swatch={STATE_COLOURS.approved} note="This period's orders, ready for payout" />
            <Stat
              label="Paid"
              value={money(paid.amount)}
              swatch={STATE_COLOURS.paid}
              note={paid.payouts === 0 ? "No payout in this period" : `${paid.payouts} payout${paid.payouts === 1 ? "" : "s"} sent in this period`}
            />
            <Stat label="Reversed" value={money(totals?.reversed ?? 0)} swatch={STATE_COLOURS.reversed} note="This period's orders, returned" />
            <Stat label="Next payout" value={money(totals?.payable ?? 0)} note="Today: approved, less clawbacks" highlight />
          </Stats>
        </div>
      )}

      <section className={styles.panel} aria-labelledby="earnings-over-time">
        <div className={styles.panelHead}>
          <h2 id="earnings-over-time" className={styles.panelTitle}>
            Earnings over time
          </h2>
          <span className={styles.muted}>
            {report ? `${formatDate(report.start)} – ${formatDate(report.end)}` : ""}
          </span>
        </div>
        {!report ? (
          <Skeleton height={300} radius={12} />
        ) : isFlat(rows) ? (
          <EmptyState icon="wallet" title="No earnings in this period yet" action={<Link to={PAGES.links.path}>Make a shoppable link</Link>}>
            Share a link to a product; when someone buys through it, the commission shows up here as pending.
          </EmptyState>
        ) : (
          <EarningsChart rows={rows} currency={currency} />
        )}
      </section>

      {/* The report counts orders in the currency the page shows, once the earnings say which. */}
      <OrderDrivers from={range.from} to={range.to} currency={report ? currency : null} linkTitles={linkTitles} />

      <section className={styles.panel} aria-labelledby="by-campaign">
        <h2 id="by-campaign" className={styles.panelTitle}>
          By campaign
        </h2>
        {links.fetching && !links.data ? (
          <Skeleton height={120} />
        ) : (
          (() => {
            const byCampaign = campaignRows(links.data?.myLinks.nodes ?? [], report?.traffic ?? [], report?.byCampaign ?? [], currency);
            if (byCampaign.length === 0) return <p className={styles.muted}>Join a campaign and share its links to see them here.</p>;
            return (
              <div className={styles.tableWrap}>
                <table className={styles.table}>
                  <thead>
                    <tr>
                      <th scope="col">Campaign</th>
                      <th scope="col" className={styles.num}>Clicks</th>
                      <th scope="col" className={styles.num}>Orders</th>
                      <th scope="col" className={styles.num}>Conv.</th>
                      <th scope="col" className={styles.num} title="What this period's orders earned, wherever it stands now">Earned</th>
                      <th scope="col" className={styles.num} title="Sent by this period's payouts">Paid</th>
                    </tr>
                  </thead>
                  <tbody>
                    {byCampaign.map((row) => (
                      <tr key={row.id ?? "none"}>
                        <th scope="row" className={styles.strong} style={{ textAlign: "left", fontWeight: 620 }}>
                          {row.id ? (campaignNames.get(row.id) ?? "Campaign") : <span className={styles.muted}>No campaign</span>}
                        </th>
                        <td className={styles.num}>{formatCount(row.clicks)}</td>
                        <td className={styles.num}>{formatCount(row.orders)}</td>
                        <td className={styles.num}>{formatPercent(row.conversionRate)}</td>
                        <td className={styles.num}>{money(earnedOf(row.earned))}</td>
                        <td className={styles.num}>{money(row.paidOut)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          })()
        )}
      </section>
      <PayoutsPanel from={range.from} to={range.to} currency={currency} paidOut={report ? paid.amount : null} />

      <section className={styles.panel} aria-labelledby="by-link">
        <div className={styles.panelHead}>
          <h2 id="by-link" className={styles.panelTitle}>
            By link
          </h2>
          <Link to={PAGES.links.path}>Make a link</Link>
        </div>
        {links.fetching && !links.data ? (
          <Skeleton height={120} />
        ) : (links.data?.myLinks.nodes.length ?? 0) === 0 ? (
          <p className={styles.muted}>You have no shoppable links yet.</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Link</th>
                  <th scope="col" className={styles.num}>Clicks</th>
                  <th scope="col" className={styles.num}>Orders</th>
                  <th scope="col" className={styles.num}>Conv.</th>
                  <th scope="col" className={styles.num}>Pending</th>
                  <th scope="col" className={styles.num}>Approved + paid</th>
                </tr>
              </thead>
              <tbody>
                {links.data?.myLinks.nodes.map((link) => {
                  const earned = linkEarnings(report?.byLink ?? [], link.id, currency);
                  const traffic = linkTraffic(report?.traffic ?? [], link.id);
                  return (
                    <tr key={link.id}>
                      <th scope="row" style={{ textAlign: "left", fontWeight: 620 }}>
                        <span className={styles.ellipsis} title={link.label}>
                          {link.label}
                        </span>
                      </th>
                      <td>
                        <code className={styles.small}>/l/{link.code}</code>
                      </td>
                      <td className={styles.num}>{formatCount(traffic.clicks)}</td>
                      <td className={styles.num}>{formatCount(traffic.orders)}</td>
                      <td className={styles.num}>{formatPercent(traffic.conversionRate)}</td>
                      <td className={styles.num}>{money(earned.pending)}</td>
                      <td className={styles.num}>{money(earned.approved + earned.paid)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/**
 * The payouts made in the page's period; their sum is the Paid card (both count a payout by the
 * day it was sent), and the panel says so when the two are on screen together.
 */
function PayoutsPanel({ from, to, currency, paidOut }: { from: string; to: string; currency: string; paidOut: number | null }) {
  const [{ data, fetching, error }] = useQuery({ query: MyPayoutsQuery, variables: { first: 100, from, to }, requestPolicy: "cache-and-network" });
  const payouts = data?.myPayouts.nodes ?? [];
  const listed = payouts.filter((p) => p.amount.currency === currency).reduce((n, p) => n + p.amount.amountMinor, 0);
  return (
    <section className={styles.panel} aria-labelledby="payouts">
      <h2 id="payouts" className={styles.panelTitle}>
        Payouts in this period
      </h2>
      {fetching && !data ? (
        <Skeleton height={120} />
      ) : error && !data ? (
        <p className={styles.muted}>{describeError(error).message}</p>
      ) : payouts.length === 0 ? (
        <p className={styles.muted}>No payout was sent in this period. Approved commissions are paid out once they pass the payout minimum.</p>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" className={styles.num}>Commissions</th>
                <th scope="col" className={styles.num}>Amount</th>
              </tr>
            </thead>
            <tbody>
              {payouts.map((p) => (
                <tr key={p.id}>
                  <td>{formatDate(p.createdAt)}</td>
                  <td className={styles.num}>{formatCount(p.commissionCount)}</td>
                  <td className={`${styles.num} ${styles.strong}`}>{formatMoney(p.amount.amountMinor, p.amount.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td colSpan={2} className={styles.strong}>
                  Total{paidOut !== null && paidOut === listed ? ", as on the Paid card" : ""}
                </td>
                <td className={`${styles.num} ${styles.strong}`} data-testid="payouts-total">
                  {formatMoney(listed, currency)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
