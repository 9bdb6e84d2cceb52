import { useEffect, useMemo } from "react";
import { useSearchParams } from "react-router";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useQuery } from "urql";

import { lastDays } from "../../lib/earnings";
import { MyCampaignsQuery } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import {
  AttributionReportQuery,
  CompareModelsQuery,
  KolLeaderboardQuery,
  type LeaderboardOrder,
  type Metrics,
  type ReportGroupBy,
  type ReportRow,
} from "../../lib/graphql/reports";
import { formatAmount, formatCount, formatMoney, formatPercent, formatRatio, fractionDigits } from "../../lib/money";
import { isModel, kolBars, MODELS, modelComparison, modelDescription, modelLabel, type AttributionModel } from "../../lib/reports";
import { KolMetricChart } from "../Charts/KolCharts";
import { AXIS, GRID } from "../Charts/palette";
import styles from "../Dashboard/Dashboard.module.css";
import { Segmented, Stat, Stats } from "../Dashboard/Stat";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { Skeleton, SkeletonCard } from "../Feedback/Skeleton";
import { Spinner } from "../Feedback/Spinner";

const GROUPS: { value: ReportGroupBy; label: string }[] = [
  { value: "INFLUENCER", label: "KOLs" },
  { value: "CAMPAIGN", label: "Campaigns" },
  { value: "POST", label: "Posts" },
  { value: "LINK", label: "Links" },
];
const PERIODS = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
] as const;
// A report still being computed is asked for again this often.
const POLL_MS = 1500;

function usePoll(active: boolean, refetch: () => void) {
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(refetch, POLL_MS);
    return () => window.clearInterval(timer);
  }, [active, refetch]);
}

/** Acquisition cost and return on spend per KOL, campaign, post or link, under a chosen model. */
export function ReportDashboard() {
  const [params, setParams] = useSearchParams();
  const campaignId = params.get("campaign") || null;
  const modelParam = params.get("model");
  const model: AttributionModel | null = isModel(modelParam) ? modelParam : null;
  const groupBy = (GROUPS.find((g) => g.value === params.get("group"))?.value ?? "INFLUENCER") as ReportGroupBy;
  const period = params.get("period") === "90" ? "90" : "30";
  const range = useMemo(() => lastDays(Number(period)), [period]);

  function set(key: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value === null || value === "") next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  }

  const [campaigns] = useQuery({ query: MyCampaignsQuery, variables: { first: 100 } });
  const variables = { groupBy, model, campaignId, ...range };
  const [report, refetch] = useQuery({ query: AttributionReportQuery, variables, requestPolicy: "cache-and-network" });
  const data = report.data?.attributionReport;
  const effectiveModel = model ?? data?.model ?? null;
  const poll = useMemo(() => () => refetch({ requestPolicy: "network-only" }), [refetch]);
  usePoll(Boolean(data?.pending || data?.stale), poll);

  const bars = useMemo(() => kolBars(data?.rows.nodes ?? []), [data]);
  const groupLabel = GROUPS.find((g) => g.value === groupBy)?.label ?? "Rows";

  return (
    <div style={{ display: "grid", gap: 20 }}>
      <div className={styles.toolbar}>
        <label className={styles.filter}>
          Campaign
          <select className={styles.select} value={campaignId ?? ""} onChange={(e) => set("campaign", e.target.value || null)}>
            <option value="">All campaigns</option>
            {(campaigns.data?.myCampaigns.nodes ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <div className={styles.filter}>
          <span id="period-label">Period</span>
          <Segmented label="Period" value={period} options={PERIODS} onChange={(v) => set("period", v === "30" ? null : v)} />
        </div>
        <div className={styles.filter}>
          <span>Rows</span>
          <Segmented label="Group rows by" value={groupBy} options={GROUPS} onChange={(v) => set("group", v === "INFLUENCER" ? null : v)} />
        </div>
      </div>

      <section className={styles.panel} aria-labelledby="model-title">
        <div className={styles.panelHead}>
          <h2 id="model-title" className={styles.panelTitle}>
            Attribution model
          </h2>
          {data?.pending || data?.stale ? (
            <span className={`${styles.row} ${styles.muted} ${styles.small}`} role="status">
              <Spinner size={14} label={null} /> {data.pending ? "Computing the report…" : "Updating with new orders…"}
            </span>
          ) : data?.computedAt ? (
            <span className={`${styles.muted} ${styles.small}`}>Updated {new Date(data.computedAt).toLocaleTimeString()}</span>
          ) : null}
        </div>
        <div className={styles.segmented} role="radiogroup" aria-label="Attribution model" style={{ flexWrap: "wrap", justifySelf: "start" }}>
          {MODELS.map((m) => (
            <button key={m} type="button" role="radio" className={styles.segment} aria-checked={m === effectiveModel} title={modelDescription(m)} onClick={() => set("model", m)}>
              {modelLabel(m)}
            </button>
          ))}
        </div>
        <p className={styles.panelText}>
          {effectiveModel ? modelDescription(effectiveModel) : "How each order's credit is shared between the clicks before it."} Switch models to see how much each KOL's numbers depend on the choice.
        </p>
      </section>

      {report.error && !data ? (
        <ErrorState title="We couldn't load the report" problem={describeError(report.error)} onRetry={poll} />
      ) : !data ? (
        <div className={styles.stats} aria-busy="true">
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <SkeletonCard key={i} lines={1} />
          ))}
        </div>
      ) : (
        <div style={{ display: "grid", gap: 20 }} data-report-model={data.model} data-pending={data.pending || undefined}>
          <Totals totals={data.totals} />
          {data.pending ? (
            <Skeleton height={200} radius={18} />
          ) : data.rows.nodes.length === 0 ? (
            <EmptyState icon="chart" title="No attributed sales in this period">
              When shoppers buy through your KOLs' links or codes, their orders are credited here under the model you pick.
            </EmptyState>
          ) : (
            <>
              <div className={styles.grid2}>
                <section className={styles.panel} aria-labelledby="cac-title">
                  <h2 id="cac-title" className={styles.panelTitle}>
                    CAC per {groupLabel === "KOLs" ? "KOL" : groupLabel.toLowerCase().replace(/s$/, "")}
                  </h2>
                  <KolMetricChart bars={[...bars].sort((a, b) => (a.cac ?? Infinity) - (b.cac ?? Infinity))} metric="cac" currency={data.currency} title={`Customer acquisition cost per ${groupLabel}`} />
                </section>
                <section className={styles.panel} aria-labelledby="roas-title">
                  <h2 id="roas-title" className={styles.panelTitle}>
                    ROAS per {groupLabel === "KOLs" ? "KOL" : groupLabel.toLowerCase().replace(/s$/, "")}
                  </h2>
                  <KolMetricChart bars={bars} metric="roas" currency={data.currency} title={`Return on spend per ${groupLabel}`} />
                </section>
              </div>
              <RowsTable rows={data.rows.nodes} groupLabel={groupLabel} />
            </>
          )}
        </div>
      )}

      <div className={styles.grid2}>
        <CompareModels groupBy={groupBy} campaignId={campaignId} range={range} current={effectiveModel} />
        <Leaderboard model={model} campaignId={campaignId} range={range} />
      </div>
    </div>
  );
}

function Totals({ totals }: { totals: Metrics }) {
  return (
    <Stats label="Report totals">
      <Stat label="Revenue" value={formatAmount(totals.revenue)} note="Credited, net of returns" />
      <Stat label="Spend" value={formatAmount(totals.spend)} note={`${formatAmount(totals.commission)} commission`} />
      <Stat label="CAC" value={totals.cac ? formatAmount(totals.cac) : "—"} note={`${formatCount(Math.round(totals.newCustomers * 10) / 10)} new customers`} />
      <Stat label="ROAS" value={formatRatio(totals.roas)} note="Revenue per unit of spend" highlight />
      <Stat label="Conversions" value={formatCount(Math.round(totals.conversions * 10) / 10)} note={`${formatPercent(totals.conversionRate)} of ${formatCount(totals.clicks)} clicks`} />
      <Stat label="Saved vs ads" value={totals.cacSaving ? formatAmount(totals.cacSaving) : "—"} note="Per new customer, against paid ads" />
    </Stats>
  );
}

function RowsTable({ rows, groupLabel }: { rows: ReportRow[]; groupLabel: string }) {
  return (
    <section className={styles.panel} aria-labelledby="rows-title">
      <h2 id="rows-title" className={styles.panelTitle}>
        {groupLabel}
      </h2>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className={styles.num}>Clicks</th>
              <th scope="col" className={styles.num}>Conv.</th>
              <th scope="col" className={styles.num}>Conv. rate</th>
              <th scope="col" className={styles.num}>Revenue</th>
              <th scope="col" className={styles.num}>Spend</th>
              <th scope="col" className={styles.num}>CAC</th>
              <th scope="col" className={styles.num}>ROAS</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.channelId ?? `none-${i}`}>
                <th scope="row">
                  <span className={styles.ellipsis}>{row.label?.trim() || (row.channelId ?? "Unattributed")}</span>
                </th>
                <td className={styles.num}>{formatCount(row.clicks)}</td>
                <td className={styles.num}>{formatCount(Math.round(row.conversions * 100) / 100)}</td>
                <td className={styles.num}>{formatPercent(row.conversionRate)}</td>
                <td className={styles.num}>{formatAmount(row.revenue)}</td>
                <td className={styles.num}>{formatAmount(row.spend)}</td>
                <td className={styles.num}>{row.cac ? formatAmount(row.cac) : "—"}</td>
                <td className={`${styles.num} ${styles.strong}`}>{formatRatio(row.roas)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

interface RangeProps {
  campaignId: string | null;
  range: { from: string; to: string };
}

function CompareModels({ groupBy, campaignId, range, current }: RangeProps & { groupBy: ReportGroupBy; current: string | null }) {
  const [{ data, error }, refetch] = useQuery({ query: CompareModelsQuery, variables: { groupBy, campaignId, ...range }, requestPolicy: "cache-and-network" });
  const reports = data?.compareModels ?? [];
  const poll = useMemo(() => () => refetch({ requestPolicy: "network-only" }), [refetch]);
  usePoll(reports.some((r) => r.pending), poll);
  const rows = modelComparison(reports);
  const currency = reports[0]?.currency ?? "USD";
  const money = (major: number) => formatMoney(Math.round(major * 10 ** fractionDigits(currency)), currency, { compact: true });
  return (
    <section className={styles.panel} aria-labelledby="compare-title">
      <h2 id="compare-title" className={styles.panelTitle}>
        Revenue credited, model by model
      </h2>
      {error && !data ? (
        <p className={styles.muted}>{describeError(error).message}</p>
      ) : !data ? (
        <Skeleton height={220} />
      ) : (
        <>
          <figure className={`${styles.chart} ${styles.chartSmall}`} style={{ margin: 0 }} aria-label="Revenue credited under each attribution model">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
                <CartesianGrid stroke={GRID} horizontal={false} />
                <XAxis type="number" tick={AXIS} tickLine={false} axisLine={false} tickFormatter={money} />
                <YAxis type="category" dataKey="label" tick={{ ...AXIS, fill: "#1b1a21" }} tickLine={false} axisLine={false} width={112} interval={0} />
                <Tooltip formatter={(v) => [money(Number(v)), "Revenue"]} cursor={{ fill: "rgba(27,26,33,0.05)" }} />
                <Bar dataKey="revenue" radius={[0, 6, 6, 0]} fill="#7a4bd1" isAnimationActive={false} barSize={18} />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <div className={styles.tableWrap}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col" className={styles.num}>Conv.</th>
                  <th scope="col" className={styles.num}>CAC</th>
                  <th scope="col" className={styles.num}>ROAS</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.model} aria-current={r.model === current || undefined} style={r.model === current ? { background: "var(--color-accent-soft)" } : undefined}>
                    <th scope="row">{r.label}</th>
                    <td className={styles.num}>{formatCount(Math.round(r.conversions * 100) / 100)}</td>
                    <td className={styles.num}>{r.cac !== null ? formatMoney(Math.round(r.cac * 10 ** fractionDigits(currency)), currency) : "—"}</td>
                    <td className={styles.num}>{formatRatio(r.roas)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Leaderboard({ model, campaignId, range }: RangeProps & { model: AttributionModel | null }) {
  const [params, setParams] = useSearchParams();
  const by: LeaderboardOrder = params.get("rank") === "CAC" ? "CAC" : "ROAS";
  const [{ data, error }, refetch] = useQuery({ query: KolLeaderboardQuery, variables: { by, model, campaignId, ...range, first: 10 }, requestPolicy: "cache-and-network" });
  const board = data?.kolLeaderboard;
  const poll = useMemo(() => () => refetch({ requestPolicy: "network-only" }), [refetch]);
  usePoll(Boolean(board?.pending), poll);
  return (
    <section className={styles.panel} aria-labelledby="leaderboard-title">
      <div className={styles.panelHead}>
        <h2 id="leaderboard-title" className={styles.panelTitle}>
          KOL leaderboard
        </h2>
        <Segmented
          label="Rank by"
          value={by}
          options={[
            { value: "ROAS", label: "Best ROAS" },
            { value: "CAC", label: "Lowest CAC" },
          ]}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v === "ROAS") next.delete("rank");
            else next.set("rank", v);
            setParams(next, { replace: true });
          }}
        />
      </div>
      {error && !data ? (
        <p className={styles.muted}>{describeError(error).message}</p>
      ) : !board || board.pending ? (
        <Skeleton height={200} />
      ) : board.entries.length === 0 ? (
        <p className={styles.muted}>{by === "ROAS" ? "No KOL has spend in this period yet." : "No KOL has brought a new customer in this period yet."}</p>
      ) : (
        <ol className={styles.leaderboard}>
          {board.entries.map((entry, i) => (
            <li key={entry.channelId ?? i}>
              <span className={styles.rank} aria-hidden="true">
                {i + 1}
              </span>
              <span className={styles.leaderName}>{entry.label?.trim() || "KOL"}</span>
              <span className={`${styles.num} ${styles.strong}`}>{by === "ROAS" ? formatRatio(entry.roas) : entry.cac ? formatAmount(entry.cac) : "—"}</span>
              <span className={`${styles.num} ${styles.muted} ${styles.small}`}>{formatAmount(entry.revenue)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
