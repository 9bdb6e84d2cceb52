import { Link } from "react-router";

import { startDropPath } from "../../lib/drop-form";
import type { Trend } from "../../lib/graphql/trends";
import type { Market } from "../../lib/graphql/types";
import { formatCount } from "../../lib/money";
import { formatGrowth, formatLift } from "../../lib/trends";
import { BlurhashImage } from "../Feed/BlurhashImage";
import { useLookPath } from "../../hooks/useLookPath";
import buttons from "../Form/Button.module.css";
import { Icon } from "../Icon/Icon";
import { Sparkline } from "./Sparkline";
import { STATE_COLOURS, StateBadge } from "./StateBadge";
import local from "./Trends.module.css";
import { WatchButton } from "./WatchButton";

export function elementPath(id: string, params = ""): string {
  const [kind = "", ...rest] = id.split("/");
  return `/trends/${encodeURIComponent(kind)}/${encodeURIComponent(rest.join("/"))}${params}`;
}

export function kindLabel(kind: string): string {
  return kind.charAt(0) + kind.slice(1).toLowerCase();
}

/** "Start a test drop" for an element: the drop form, prefilled with it and the market shown. */
export function StartDropLink({ elementId, name, market }: { elementId: string; name: string; market: Market | null }) {
  return (
    <Link className={`${buttons.button} ${buttons.secondary} ${local.startDrop}`} to={startDropPath(elementId, market)} aria-label={`Start a test drop with ${name}`}>
      <Icon name="flask" size={16} />
      Start a test drop
    </Link>
  );
}

/**
 * One element in the trend list: what it is, how fast it grows, who posts it, examples, and
 * the step from "this is emerging" to "let's test it" (`market`: the list's market filter).
 */
export function TrendCard({ trend, query, market = null }: { trend: Trend; query: string; market?: Market | null }) {
  const lookAt = useLookPath();
  const { element } = trend;
  const colour = STATE_COLOURS[trend.state];
  return (
    <article className={local.card} aria-labelledby={`trend-${element.id}`} data-rank={trend.rank}>
      <header className={local.cardHead}>
        <span className={local.rank} aria-label={`Rank ${trend.rank}`}>
          {trend.rank}
        </span>
        <div className={local.cardTitle}>
          <h3 id={`trend-${element.id}`} className={local.name}>
            {element.colour ? <span className={local.colour} style={{ background: element.colour }} aria-hidden="true" /> : null}
            <Link to={elementPath(element.id, query)} className={local.nameLink}>
              {element.name}
            </Link>
          </h3>
          <span className={local.kind}>{kindLabel(element.kind)}</span>
        </div>
        <WatchButton id={element.id} name={element.name} watching={element.viewerIsWatching} compact />
      </header>
      <div className={local.figures}>
        <div>
          <span className={local.growth} style={{ color: trend.growthPct >= 0 ? colour : "var(--color-text-muted)" }}>
            {formatGrowth(trend.growthPct)}
          </span>
          <span className={local.figureLabel}>growth</span>
        </div>
        <div>
          <span className={local.figure}>{formatCount(trend.distinctAuthors)}</span>
          <span className={local.figureLabel}>distinct authors</span>
        </div>
        <StateBadge state={trend.state} />
      </div>
      <Sparkline points={trend.sparkline} colour={colour} label={`${element.name}: authors per day, last 4 weeks`} />
      <p className={local.lifts}>
        <span>Engagement {formatLift(trend.engagementLift)}</span>
        <span>Conversion {formatLift(trend.conversionLift)}</span>
      </p>
      {trend.examplePosts.length > 0 ? (
        <ul className={local.examples} aria-label={`Example photos with ${element.name}`}>
          {trend.examplePosts.slice(0, 4).map((post) => {
            const image = post.images[0];
            if (!image) return null;
            return (
              <li key={post.id}>
                <Link to={lookAt(post.id)} className={local.photoLink}>
                  <BlurhashImage
                    src={image.thumb}
                    blurhash={image.blurhash}
                    width={image.width}
                    height={image.height}
                    alt={`${element.name} in a post by ${post.author?.displayName ?? "a shopper"}`}
                    className={local.example}
                  />
                </Link>
              </li>
            );
          })}
        </ul>
      ) : null}
      <StartDropLink elementId={element.id} name={element.name} market={market} />
    </article>
  );
}
