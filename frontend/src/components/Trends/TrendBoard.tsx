import { useCallback, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";

import { useInfiniteConnection } from "../../hooks/useInfiniteConnection";
import { describeError } from "../../lib/graphql/errors";
import {
  ELEMENT_KINDS,
  TrendingElementsQuery,
  TREND_STATES,
  TrendingExportMutation,
  WatchedElementsQuery,
  WINDOWS,
  type ElementKind,
  type Trend,
} from "../../lib/graphql/trends";
import { MARKETS, type Connection, type Market } from "../../lib/graphql/types";
import { marketLabel } from "../../lib/format";
import { STATE_DESCRIPTIONS } from "../../lib/trends";
import styles from "../Dashboard/Dashboard.module.css";
import { Segmented } from "../Dashboard/Stat";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { SkeletonCard } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import { StateBadge } from "./StateBadge";
import { elementPath, kindLabel, TrendCard } from "./TrendCard";
import local from "./Trends.module.css";

export interface TrendFilters {
  market: Market | null;
  kind: ElementKind | null;
  window: number;
}

/** The filters as the URL holds them (so a filtered list can be shared and reloaded). */
export function readFilters(params: URLSearchParams): TrendFilters {
  const market = params.get("market");
  const kind = params.get("kind");
  const window = Number(params.get("window"));
  return {
    market: MARKETS.includes(market as Market) ? (market as Market) : null,
    kind: ELEMENT_KINDS.includes(kind as ElementKind) ? (kind as ElementKind) : null,
    window: (WINDOWS as readonly number[]).includes(window) ? window : 7,
  };
}

export function filterQuery(filters: TrendFilters): string {
  const params = new URLSearchParams();
  if (filters.market) params.set("market", filters.market);
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.window !== 7) params.set("window", String(filters.window));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function TrendBoard() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const query = filterQuery(filters);
  function update(next: Partial<TrendFilters>) {
    setParams(new URLSearchParams(filterQuery({ ...filters, ...next }).slice(1)), { replace: true });
  }
  // Trends are keyed by their element, which the paging needs as `id` to drop repeats.
  const select = useCallback(
    (data: { trendingElements: Connection<Trend> }): Connection<Trend & { id: string }> => ({
      ...data.trendingElements,
      nodes: data.trendingElements.nodes.map((node) => ({ ...node, id: node.element.id })),
    }),
    [],
  );
  const { state, loadMore, retry } = useInfiniteConnection(TrendingElementsQuery, filters, select, 12);

  return (
    <div style={{ display: "grid", gap: 20 }}>
      <div className={`${styles.toolbar}`} style={{ justifyContent: "space-between" }}>
        <div className={styles.toolbar}>
          <label className={styles.filter}>
            Market
            <select className={styles.select} value={filters.market ?? ""} onChange={(e) => update({ market: (e.target.value || null) as Market | null })}>
              <option value="">All markets</option>
              {MARKETS.map((m) => (
                <option key={m} value={m}>
                  {marketLabel(m)}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.filter}>
            Kind
            <select className={styles.select} value={filters.kind ?? ""} onChange={(e) => update({ kind: (e.target.value || null) as ElementKind | null })}>
              <option value="">All kinds</option>
              {ELEMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          </label>
          <div className={styles.filter}>
            <span>Window</span>
            <Segmented
              label="Window"
              value={String(filters.window)}
              options={WINDOWS.map((w) => ({ value: String(w), label: `${w} days` }))}
              onChange={(v) => update({ window: Number(v) })}
            />
          </div>
        </div>
        <ExportButton filters={filters} />
      </div>
      <PinnedElements query={query} />
      <StateLegend />
      {state.pages === 0 && state.problem ? (
        <ErrorState title="We couldn't load the trends" problem={state.problem} onRetry={retry} />
      ) : state.pages === 0 ? (
        <div className={local.grid} aria-busy="true">
          <span className="visually-hidden" role="status">
            Loading trends
          </span>
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <SkeletonCard key={i} lines={4} />
          ))}
        </div>
      ) : state.items.length === 0 ? (
        <EmptyState icon="trend" title="No trends for these filters yet">
          The list shows elements that are rising, peaking, cooling or declining among several distinct authors, recomputed every few minutes from what shoppers post. Try all markets, another kind or a longer window.
        </EmptyState>
      ) : (
        <>
          <div className={local.grid}>
            {state.items.map((trend) => (
              <TrendCard key={trend.element.id} trend={trend} query={query} market={filters.market} />
            ))}
          </div>
          {state.hasMore ? (
            <div style={{ display: "flex", justifyContent: "center" }}>
              <Button variant="secondary" busy={state.status === "loading"} onClick={loadMore}>
                Show more elements
              </Button>
            </div>
          ) : null}
          {state.status === "error" && state.problem ? <ErrorState title="We couldn't load more" problem={state.problem} onRetry={retry} /> : null}
        </>
      )}
    </div>
  );
}

function ExportButton({ filters }: { filters: TrendFilters }) {
  const [{ fetching }, exportList] = useMutation(TrendingExportMutation);
  const [problem, setProblem] = useState<string | null>(null);
  async function download() {
    setProblem(null);
    const result = await exportList({ market: filters.market, kind: filters.kind, window: filters.window });
    const payload = result.data?.trendingExport;
    if (result.error || !payload?.url) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "The export isn't ready."));
      return;
    }
    // A signed, short-lived link: the browser downloads it as a file.
    const link = document.createElement("a");
    link.href = payload.url;
    link.download = "";
    document.body.append(link);
    link.click();
    link.remove();
  }
  return (
    <div style={{ display: "grid", gap: 4, justifyItems: "end" }}>
      <Button variant="secondary" busy={fetching} icon={<Icon name="download" size={16} />} onClick={() => void download()}>
        Export CSV
      </Button>
      {problem ? (
        <span role="alert" className={local.error}>
          {problem}
        </span>
      ) : null}
    </div>
  );
}

/** What the state badges mean. The list shows only elements that changed (never STEADY). */
function StateLegend() {
  return (
    <ul className={local.legend} aria-label="What the states mean">
      {TREND_STATES.filter((state) => state !== "STEADY").map((state) => (
        <li key={state}>
          <StateBadge state={state} /> {STATE_DESCRIPTIONS[state]}
        </li>
      ))}
    </ul>
  );
}

function PinnedElements({ query }: { query: string }) {
  const [{ data }] = useQuery({ query: WatchedElementsQuery, variables: { first: 20 }, requestPolicy: "cache-and-network" });
  const pinned = data?.watchedElements.nodes ?? [];
  if (pinned.length === 0) return null;
  return (
    <nav className={local.pins} aria-label="Pinned elements">
      <span className={`${styles.small} ${styles.muted}`}>
        <Icon name="pin" size={14} style={{ display: "inline", verticalAlign: "-2px" }} /> Pinned
      </span>
      {pinned.map((element) => (
        <Link key={element.id} className={local.pin} to={elementPath(element.id, query)}>
          {element.colour ? <span className={local.colour} style={{ background: element.colour }} aria-hidden="true" /> : null}
          {element.name}
        </Link>
      ))}
    </nav>
  );
}
