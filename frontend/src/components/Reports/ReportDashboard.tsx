import { useEffect, useMemo, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";

import { lastDays } from "../../lib/earnings";
import { MyCampaignsQuery } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import {
  AttributionReportQuery,
  BrandSettingsQuery,
  CompareModelsQuery,
  KolLeaderboardQuery,
  type LeaderboardOrder,
  type Metrics,
  type ReportGroupBy,
  type ReportRow,
} from "../../lib/graphql/reports";
import { formatAmount, formatCount, formatMoney, formatPercent, formatRatio, fractionDigits } from "../../lib/money";
import {
  cacCell,
  isCurrentReport,
  isModel,
  kolBars,
  MODELS,
  modelComparison,
  modelDescription,
  modelLabel,
  modelShares,
  rowName,
  savingCell,
  type AttributionModel,
  type Cell,
} from "../../lib/reports";
import { KolMetricChart } from "../Charts/KolCharts";
import styles from "../Dashboard/Dashboard.module.css";
import { Segmented, Stat, Stats } from "../Dashboard/Stat";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { Skeleton, SkeletonCard } from "../Feedback/Skeleton";
import { Spinner } from "../Feedback/Spinner";
import { BaselineSettings } from "./BaselineSettings";
import { ModelShares } from "./ModelShares";

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

  const bars = useMemo(() => kolBars(data?.rows.nodes ?? [], 12, groupBy), [data, groupBy]);
  const groupLabel = GROUPS.find((g) => g.value === groupBy)?.label ?? "Rows";
  // After a change of campaign, period, grouping or model the previous report may still be on
  // screen while the new one is fetched or computed: it is then dimmed and marked as such.
  const current = isCurrentReport(data, { groupBy, model, campaignId, ...range });
  const campaignName = campaignId ? (campaigns.data?.myCampaigns.nodes.find((c) => c.id === campaignId)?.name ?? "this campaign") : "all campaigns";
  const [settings] = useQuery({ query: BrandSettingsQuery });
  const baselineSet = Boolean(settings.data?.brandSettings?.baselineCac);

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
          {data && !current ? null : data?.stale ? (
            <span className={`${styles.row} ${styles.muted} ${styles.small}`} role="status">
              <Spinner size={14} label={null} /> Updating with new orders…
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

      {data && !current ? (
        <div className={styles.panel} role="status" data-testid="report-computing">
          <div className={styles.row} style={{ gap: 10, flexWrap: "nowrap", alignItems: "center" }}>
            <Spinner size={18} label={null} />
            <span>
              <strong>Computing the report</strong> for {campaignName}, {formatRange(range.from, range.to)}
              {model ? `, ${modelLabel(model).toLowerCase()}` : ""}… The figures below are the previous ones until it is in.
            </span>
          </div>
        </div>
      ) : null}

      {report.error && !data ? (
        <ErrorState title="We couldn't load the report" problem={describeError(report.error)} onRetry={poll} />
      ) : !data ? (
        <div className={styles.stats} aria-busy="true">
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <SkeletonCard key={i} lines={1} />
          ))}
        </div>
      ) : (
        <div
          style={{ display: "grid", gap: 20, opacity: current ? 1 : 0.45, transition: "opacity 120ms" }}
          data-report-model={data.model}
          data-pending={data.pending || undefined}
          data-current={current ? "true" : "false"}
          aria-busy={!current}
        >
          <Totals totals={data.totals} baselineSet={baselineSet} />
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
              <RowsTable rows={data.rows.nodes} groupLabel={groupLabel} groupBy={groupBy} baselineSet={baselineSet} />
            </>
          )}
        </div>
      )}

      <div className={styles.grid2}>
        <CompareModels groupBy={groupBy} groupLabel={groupLabel} campaignId={campaignId} range={range} current={effectiveModel} />
        <Leaderboard model={model} campaignId={campaignId} range={range} />
      </div>

      <BaselineSettings reportCurrency={data?.currency ?? null} onSaved={poll} />
    </div>
  );
}

function formatRange(from: string, to: string): string {
  const format = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
  return `${format(from)} – ${format(to)}`;
}

/** A figure, or "—" with a few words saying why and the whole reason as its tooltip. */
function Figure({ cell, strong = false }: { cell: Cell; strong?: boolean }): ReactNode {
  if (cell.reason === null) return strong ? <span className={styles.strong}>{cell.text}</span> : cell.text;
  return (
    <span title={cell.reason} aria-label={`${cell.text === "—" ? "None" : cell.text}: ${cell.reason}`} style={{ cursor: "help" }}>
      {cell.text}
      {cell.short ? <span className={`${styles.small} ${styles.muted}`}> {cell.short}</span> : null}
    </span>
  );
}

function Totals({ totals, baselineSet }: { totals: Metrics; baselineSet: boolean }) {
  const cac = cacCell(totals);
  const saving: Cell = baselineSet ? savingCell(totals, baselineSet) : { text: "—", reason: null };
  return (
    <Stats label="Report totals">
      <Stat label="Revenue" value={formatAmount(totals.revenue)} note="Credited, net of returns" />
      <Stat label="Spend" value={formatAmount(totals.spend)} note={`${formatAmount(totals.commission)} commission`} />
      <Stat label="CAC" value={<Figure cell={cac} />} note={`${formatCount(Math.round(totals.newCustomers * 10) / 10)} new customers`} />
      <Stat label="ROAS" value={formatRatio(totals.roas)} note="Revenue per unit of spend" highlight />
      <Stat label="Conversions" value={formatCount(Math.round(totals.conversions * 10) / 10)} note={`${formatPercent(totals.conversionRate)} of ${formatCount(totals.clicks)} clicks`} />
      <Stat
        label="Saved vs ads"
        value={<Figure cell={saving} />}
        note={
          !baselineSet
            ? "Set your paid-ads CAC below to see it"
            : totals.saving
              ? `Per new customer; ${formatAmount(totals.saving)} in all against paid ads`
              : "Per new customer, against paid ads"
        }
      />
    </Stats>
  );
}

function RowsTable({ rows, groupLabel, groupBy, baselineSet }: { rows: ReportRow[]; groupLabel: string; groupBy: ReportGroupBy; baselineSet: boolean }) {
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
              <th scope="col" className={styles.num} title="Credited conversions, and per click">
                Conv.
              </th>
              <th scope="col" className={styles.num}>Revenue</th>
              <th scope="col" className={styles.num}>Spend</th>
              <th scope="col" className={styles.num}>CAC</th>
              {baselineSet ? (
                <th scope="col" className={styles.num} title="Your paid-ads CAC minus this CAC, per new customer">
                  Saved vs ads
                </th>
              ) : null}
              <th scope="col" className={styles.num}>ROAS</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.channelId ?? `none-${i}`}>
                <th scope="row">
                  <span className={styles.ellipsis}>{rowName(row, groupBy)}</span>
                </th>
                <td className={styles.num}>{formatCount(row.clicks)}</td>
                <td className={styles.num}>
                  {formatCount(Math.round(row.conversions * 100) / 100)}
                  <span className={styles.sub}>{formatPercent(row.conversionRate)}</span>
                </td>
                <td className={styles.num}>{formatAmount(row.revenue)}</td>
                <td className={styles.num}>{formatAmount(row.spend)}</td>
                <td className={styles.num}>
                  <Figure cell={cacCell(row)} />
                </td>
                {baselineSet ? (
                  <td className={styles.num}>
                    <Figure cell={savingCell(row, baselineSet)} />
                  </td>
                ) : null}
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

function CompareModels({ groupBy, groupLabel, campaignId, range, current }: RangeProps & { groupBy: ReportGroupBy; groupLabel: string; current: string | null }) {
  const [{ data, error }, refetch] = useQuery({ query: CompareModelsQuery, variables: { groupBy, campaignId, ...range }, requestPolicy: "cache-and-network" });
  const reports = data?.compareModels ?? [];
  // The previous answer stays on screen while a new campaign, period or grouping is fetched.
  const upToDate = reports.length > 0 && reports.every((r) => isCurrentReport({ ...r, pending: false }, { groupBy, model: null, campaignId, ...range }));
  const poll = useMemo(() => () => refetch({ requestPolicy: "network-only" }), [refetch]);
  usePoll(reports.some((r) => r.pending), poll);
  const rows = modelComparison(reports);
  const shares = useMemo(() => modelShares(data?.compareModels ?? [], groupBy), [data, groupBy]);
  const currency = reports[0]?.currency ?? "USD";
  const pending = reports.some((r) => r.pending);
  return (
    <section className={styles.panel} aria-labelledby="compare-title">
      <h2 id="compare-title" className={styles.panelTitle}>
        {groupLabel === "KOLs" ? "Each KOL's share" : `Each ${groupLabel.toLowerCase().replace(/s$/, "")}'s share`}, model by model
      </h2>
      <p className={styles.panelText}>Every model credits the same total; what moves is who gets it.</p>
      {error && !data ? (
        <p className={styles.muted}>{describeError(error).message}</p>
      ) : !data ? (
        <Skeleton height={220} />
      ) : pending || !upToDate ? (
        <div className={styles.row} role="status">
          <Spinner size={16} label={null} /> <span className={styles.muted}>Computing every model…</span>
        </div>
      ) : (
        <>
          <ModelShares rows={shares} models={reports.map((r) => r.model)} title={`Share of credited revenue per ${groupLabel} under each attribution model`} />
          <div className={styles.tableWrap}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col" className={styles.num}>Revenue</th>
                  <th scope="col" className={styles.num}>Conv.</th>
                  <th scope="col" className={styles.num}>CAC</th>
                  <th scope="col" className={styles.num}>ROAS</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.model} aria-current={r.model === current || undefined} style={r.model === current ? { background: "var(--color-accent-soft)" } : undefined}>
                    <th scope="row">{r.label}</th>
                    <td className={styles.num}>{formatMoney(Math.round(r.revenue * 10 ** fractionDigits(currency)), currency, { compact: true })}</td>
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
  const [{ data, error, fetching }, refetch] = useQuery({ query: KolLeaderboardQuery, variables: { by, model, campaignId, ...range, first: 10 }, requestPolicy: "cache-and-network" });
  const board = data?.kolLeaderboard;
  // While another campaign's or period's board is fetched the old one is dimmed.
  const refreshing = fetching && board !== undefined && !board.pending;
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
        <ol className={styles.leaderboard} aria-busy={refreshing} style={{ opacity: refreshing ? 0.45 : 1 }}>
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
