import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useQuery } from "urql";

import { describeError } from "../../lib/graphql/errors";
import { ElementQuery } from "../../lib/graphql/trends";
import { marketLabel } from "../../lib/format";
import { formatCount } from "../../lib/money";
import { formatDay } from "../../lib/time";
import { chartTop, clipBand, formatGrowth, formatLift, historyWithForecast } from "../../lib/trends";
import { AXIS, GRID } from "../Charts/palette";
import styles from "../Dashboard/Dashboard.module.css";
import { Stat, Stats } from "../Dashboard/Stat";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { Skeleton } from "../Feedback/Skeleton";
import { BlurhashImage } from "../Feed/BlurhashImage";
import { useLookPath } from "../../hooks/useLookPath";
import { STATE_COLOURS, StateBadge } from "./StateBadge";
import type { TrendFilters } from "./TrendBoard";
import { kindLabel, StartDropLink } from "./TrendCard";
import local from "./Trends.module.css";
import { WatchButton } from "./WatchButton";

// The chart shows the last 8 weeks; the full history stays a query away.
const HISTORY_DAYS = 56;

export function ElementDetail({ id, filters }: { id: string; filters: TrendFilters }) {
  const lookAt = useLookPath();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ElementQuery,
    variables: { id, market: filters.market, window: filters.window },
  });
  const element = data?.element;
  const heading = useRef<HTMLHeadingElement>(null);
  // The element's name takes focus once it shows, as every page's heading does.
  const loaded = Boolean(element);
  useEffect(() => {
    if (loaded) heading.current?.focus({ preventScroll: true });
  }, [loaded]);
  if (fetching && !element) return <Skeleton height={360} radius={18} />;
  if (error && !element) return <ErrorState problem={describeError(error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!element) {
    return (
      <EmptyState icon="trend" title="No such element">
        It may have been renamed in the taxonomy.
      </EmptyState>
    );
  }
  const trend = element.trend;
  const history = historyWithForecast(element.history, trend?.forecast ?? [], HISTORY_DAYS);
  // The axis follows the history and the forecast line; a wide band is cut at its top.
  const top = chartTop(history);
  const rows = clipBand(history, top);
  const colour = trend ? STATE_COLOURS[trend.state] : "#4f6bed";
  const where = filters.market ? marketLabel(filters.market) : "all markets";
  return (
    <div style={{ display: "grid", gap: 20 }}>
      <div className={local.detailHead}>
        {element.colour ? <span className={local.bigColour} style={{ background: element.colour }} aria-hidden="true" /> : null}
        <div style={{ display: "grid", flex: 1, minWidth: 0 }}>
          <h1 ref={heading} tabIndex={-1} style={{ fontSize: "1.8rem", outline: "none" }}>
            {element.name}
            {element.nameZh ? <span className={styles.muted} style={{ fontWeight: 400, fontSize: "1.1rem" }}> {element.nameZh}</span> : null}
          </h1>
          <span className={local.kind}>
            {kindLabel(element.kind)} · {where} · {filters.window}-day window
          </span>
        </div>
        {trend ? <StateBadge state={trend.state} /> : null}
        <WatchButton id={element.id} name={element.name} watching={element.viewerIsWatching} />
        <StartDropLink elementId={element.id} name={element.name} market={filters.market} />
      </div>
      {trend ? (
        <Stats label="Trend figures">
          <Stat label="Growth" value={formatGrowth(trend.growthPct)} note={`over ${formatCount(Math.round(trend.baselineAuthors * 10) / 10)} expected authors`} />
          <Stat label="Distinct authors" value={formatCount(trend.distinctAuthors)} note={`${formatCount(trend.posts)} posts in the window`} />
          {trend.listed ? (
            <Stat label="Rank" value={`#${trend.rank}`} note={`score ${trend.score.toFixed(1)}, z = ${trend.significance.toFixed(1)}`} />
          ) : (
            <Stat label="Rank" value="Not listed" note={trend.state === "STEADY" ? "steady: the list shows changes" : "too few distinct authors for the list"} />
          )}
          <Stat label="Engagement" value={formatLift(trend.engagementLift)} note="per post, vs the market" />
          <Stat label="Conversion" value={formatLift(trend.conversionLift)} note="orders per post, vs the market" highlight />
        </Stats>
      ) : (
        <p className={styles.muted}>No posts with this element lately in {where}; here is its history.</p>
      )}
      <section className={styles.panel} aria-labelledby="history-title">
        <div className={styles.panelHead}>
          <h2 id="history-title" className={styles.panelTitle}>
            Distinct authors per day, with the forecast
          </h2>
          <span className={`${styles.small} ${styles.muted}`}>Shaded: the forecast's likely range</span>
        </div>
        {rows.length === 0 ? (
          <p className={styles.muted}>No history yet.</p>
        ) : (
          <figure className={styles.chart} style={{ margin: 0, height: 340 }} aria-label={`${element.name}: distinct authors per day and the forecast`} data-testid="element-history" data-y-top={top}>
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
                <CartesianGrid stroke={GRID} vertical={false} />
                <XAxis dataKey="date" tickFormatter={(d: string) => formatDay(d)} tick={AXIS} tickLine={false} axisLine={{ stroke: GRID }} minTickGap={24} />
                <YAxis domain={[0, top]} allowDataOverflow tick={AXIS} tickLine={false} axisLine={false} width={40} allowDecimals={false} />
                <Tooltip
                  labelFormatter={(d) => formatDay(String(d))}
                  formatter={(value, name) => {
                    if (Array.isArray(value)) return [`${Number(value[0]).toFixed(1)} – ${Number(value[1]).toFixed(1)}`, String(name)];
                    return [Number(value).toFixed(name === "Authors" ? 0 : 1), String(name)];
                  }}
                />
                <Legend iconType="plainline" wrapperStyle={{ fontSize: 13 }} />
                <Area dataKey="band" name="Forecast range" stroke="none" fill={colour} fillOpacity={0.16} isAnimationActive={false} className="forecast-band" />
                <Line dataKey="actual" name="Authors" stroke="#1b1a21" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
                <Line dataKey="expected" name="Forecast" stroke={colour} strokeWidth={2} strokeDasharray="6 4" dot={false} isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </figure>
        )}
      </section>
      <div className={styles.grid2}>
        <section className={styles.panel} aria-labelledby="examples-title">
          <h2 id="examples-title" className={styles.panelTitle}>
            Example photos
          </h2>
          {element.examplePosts.length === 0 ? (
            <p className={styles.muted}>No recent photos.</p>
          ) : (
            <ul className={local.photoGrid}>
              {element.examplePosts.map((post) => {
                const image = post.images[0];
                return image ? (
                  <li key={post.id}>
                    <Link to={lookAt(post.id)} className={local.photoLink}>
                      <BlurhashImage
                        src={image.thumb}
                        blurhash={image.blurhash}
                        width={image.width}
                        height={image.height}
                        alt={`${element.name} in a post by ${post.author?.displayName ?? "a shopper"}`}
                        className={local.photo}
                      />
                    </Link>
                  </li>
                ) : null;
              })}
            </ul>
          )}
        </section>
        <section className={styles.panel} aria-labelledby="words-title">
          <h2 id="words-title" className={styles.panelTitle}>
            How shoppers say it
          </h2>
          <ul className={local.tags} aria-label="Synonyms">
            {element.synonyms.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          {element.hashtags.length > 0 ? (
            <ul className={local.tags} aria-label="Hashtags">
              {element.hashtags.map((h) => (
                <li key={h}>#{h.replace(/^#/, "")}</li>
              ))}
            </ul>
          ) : null}
        </section>
      </div>
    </div>
  );
}
