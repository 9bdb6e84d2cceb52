import { useEffect, useId, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { useViewer } from "../../hooks/useAuth";
import { ExploreSearchQuery, type SearchResults } from "../../lib/graphql/explore";
import { describeError } from "../../lib/graphql/errors";
import { formatMoney } from "../../lib/money";
import { productPath } from "../../lib/products";
import { profilePath } from "../../lib/profiles";
import { SEARCH_DEBOUNCE_MS, SEARCH_MAX, elementPath, lookCount, searchable, tagPath } from "../../lib/search";
import { Avatar } from "../Brand/Avatar";
import { FollowButton } from "../Feed/Engagement";
import { Spinner } from "../Feedback/Spinner";
import { Icon } from "../Icon/Icon";
import styles from "./Explore.module.css";

const PER_KIND = 5;

/** `value`, once it has stayed the same for `delay` ms. */
function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delay);
    return () => window.clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** The search box at the top of Explore; while something is typed, its results replace the page. */
export function SearchPanel({ typed, onType }: { typed: string; onType: (text: string) => void }) {
  const inputId = useId();
  const query = useDebounced(searchable(typed), SEARCH_DEBOUNCE_MS);
  const [{ data, fetching, error }] = useQuery({
    query: ExploreSearchQuery,
    variables: { query: query ?? "", first: PER_KIND },
    pause: query === null,
  });
  const waiting = searchable(typed) !== query || fetching;
  return (
    <div className={styles.search} role="search">
      <label className="visually-hidden" htmlFor={inputId}>
        Search people, hashtags and products
      </label>
      <div className={styles.searchBox}>
        <Icon name="search" size={18} />
        <input
          id={inputId}
          className={styles.searchInput}
          type="search"
          placeholder="Search people, #hashtags, products"
          autoComplete="off"
          enterKeyHint="search"
          maxLength={SEARCH_MAX}
          value={typed}
          onChange={(event) => onType(event.target.value)}
        />
        {typed ? (
          <button type="button" className={styles.clear} onClick={() => onType("")} aria-label="Clear the search">
            <Icon name="close" size={16} />
          </button>
        ) : null}
      </div>
      {query === null ? null : waiting && !data ? (
        <Spinner label="Searching" />
      ) : error ? (
        <p className={styles.empty} role="alert">
          {describeError(error).message}
        </p>
      ) : data ? (
        <Results results={data.search} busy={waiting} />
      ) : null}
    </div>
  );
}

function Results({ results, busy }: { results: SearchResults; busy: boolean }) {
  const viewer = useViewer();
  const { people, hashtags, products, elements } = results;
  if (!people.length && !hashtags.length && !products.length && !elements.length) {
    return (
      <p className={styles.empty} role="status">
        Nothing starts with “{results.query}”. Try fewer letters.
      </p>
    );
  }
  return (
    <div className={styles.results} aria-busy={busy} aria-label="Search results">
      {people.length > 0 ? (
        <Group title="People">
          {people.map((person) => (
            <li key={person.id} className={styles.row}>
              <Link className={styles.rowLink} to={profilePath(person.handle)}>
                <Avatar name={person.displayName} url={person.avatarUrl} size={40} />
                <span className={styles.rowText}>
                  <span className={styles.rowTitle}>{person.displayName}</span>
                  <span className={styles.rowMeta}>@{person.handle}</span>
                </span>
              </Link>
              {person.id !== viewer.id ? (
                <FollowButton userId={person.id} name={person.displayName} following={person.viewerFollows} />
              ) : null}
            </li>
          ))}
        </Group>
      ) : null}
      {hashtags.length > 0 ? (
        <Group title="Hashtags">
          {hashtags.map((hashtag) => (
            <li key={hashtag.tag} className={styles.row}>
              <Link className={styles.rowLink} to={tagPath(hashtag.tag)}>
                <span className={styles.tagMark} aria-hidden="true">
                  #
                </span>
                <span className={styles.rowText}>
                  <span className={styles.rowTitle}>#{hashtag.tag}</span>
                  <span className={styles.rowMeta}>{lookCount(hashtag.postCount)}</span>
                </span>
              </Link>
            </li>
          ))}
        </Group>
      ) : null}
      {elements.length > 0 ? (
        <Group title="Styles">
          {elements.map((element) => (
            <li key={element.id} className={styles.row}>
              <Link className={styles.rowLink} to={elementPath(element.id)}>
                <span className={styles.tagMark} aria-hidden="true">
                  <Icon name="trend" size={18} />
                </span>
                <span className={styles.rowText}>
                  <span className={styles.rowTitle}>{element.name}</span>
                  <span className={styles.rowMeta}>{element.nameZh ?? element.kind.toLowerCase()}</span>
                </span>
              </Link>
            </li>
          ))}
        </Group>
      ) : null}
      {products.length > 0 ? (
        <Group title="Products">
          {products.map((product) => (
            <li key={product.id} className={styles.row}>
              {/* The product's page: its photo, price, the looks that wear it, and Buy. */}
              <Link className={styles.rowLink} to={productPath(product.id)}>
                {product.thumbUrl ? (
                  <img className={styles.productPhoto} src={product.thumbUrl} alt="" loading="lazy" />
                ) : (
                  <span className={styles.productPhoto} aria-hidden="true" />
                )}
                <span className={styles.rowText}>
                  <span className={styles.rowTitle}>{product.title}</span>
                  <span className={styles.rowMeta}>{formatMoney(product.price.amountMinor, product.price.currency)}</span>
                </span>
              </Link>
            </li>
          ))}
        </Group>
      ) : null}
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className={styles.group} aria-label={title}>
      <h2 className={styles.groupTitle}>{title}</h2>
      <ul className={styles.rows}>{children}</ul>
    </section>
  );
}
