import { Link } from "react-router";

import type { TrendingStrip as Strip } from "../../lib/graphql/explore";
import { elementPath, lookCount, tagPath } from "../../lib/search";
import { Icon } from "../Icon/Icon";
import styles from "./Explore.module.css";

/** What is rising in the market: style elements, then hashtags, one sideways-scrolling row each. */
export function TrendingStrip({ strip }: { strip: Strip }) {
  const nothing = strip.elements.length === 0 && strip.hashtags.length === 0;
  return (
    <section className={styles.section} aria-labelledby="trending-title">
      <h2 id="trending-title" className={styles.sectionTitle}>
        Trending in {strip.market}
      </h2>
      {nothing ? <p className={styles.empty}>Nothing is rising here yet. Check back soon.</p> : null}
      {strip.elements.length > 0 ? (
        <ul className={styles.strip} aria-label="Trending styles">
          {strip.elements.map((element) => (
            <li key={element.id}>
              <Link className={styles.chip} to={elementPath(element.id)}>
                {element.colour ? (
                  <span className={styles.swatch} style={{ background: element.colour }} aria-hidden="true" />
                ) : (
                  <Icon name="trend" size={16} />
                )}
                <span className={styles.chipText}>{element.name}</span>
                {element.nameZh ? <span className={styles.chipNote}>{element.nameZh}</span> : null}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {strip.hashtags.length > 0 ? (
        <ul className={styles.strip} aria-label="Trending hashtags">
          {strip.hashtags.map((hashtag) => (
            <li key={hashtag.tag}>
              <Link className={styles.chip} to={tagPath(hashtag.tag)} title={lookCount(hashtag.postCount)}>
                <span className={styles.chipText}>#{hashtag.tag}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
