import { useState } from "react";
import { useQuery } from "urql";

import { MyLinksQuery } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { formatDate } from "../../lib/format";
import { groupLinks } from "../../lib/link-groups";
import { formatCount, formatPercent } from "../../lib/money";
import { CopyButton } from "../Dashboard/CopyButton";
import styles from "../Dashboard/Dashboard.module.css";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { Skeleton } from "../Feedback/Skeleton";

export function LinkList({ version }: { version: number }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MyLinksQuery,
    variables: { first: 100 },
    requestPolicy: version > 0 ? "network-only" : "cache-and-network",
  });
  const links = data?.myLinks.nodes ?? [];
  const [query, setQuery] = useState("");
  const groups = groupLinks(links, query);
  return (
    <section className={styles.panel} aria-labelledby="your-links" data-version={version}>
      <div className={styles.panelHead}>
        <h2 id="your-links" className={styles.panelTitle}>
          Your links <span className={styles.muted}>{links.length > 0 ? links.length : ""}</span>
        </h2>
        {links.length > 0 ? (
          <label className={styles.filter}>
            <span className="visually-hidden">Find a link</span>
            <input className={styles.select} type="search" placeholder="Find by product, post or code" value={query} onChange={(e) => setQuery(e.target.value)} />
          </label>
        ) : null}
      </div>
      {fetching && !data ? (
        <Skeleton height={160} />
      ) : error && !data ? (
        <ErrorState problem={describeError(error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      ) : links.length === 0 ? (
        <EmptyState icon="link" title="No links yet">
          Make your first link above, then put it in your bio, posts or stories.
        </EmptyState>
      ) : (
        // Positioned, so the visually hidden header text stays inside the scrolling box instead
        // of widening the page.
        <div className={styles.tableWrap} style={{ position: "relative" }}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Product and post</th>
                <th scope="col" className={styles.num}>Clicks</th>
                <th scope="col" className={styles.num}>Orders</th>
                <th scope="col" className={styles.num}>Conversion</th>
                <th scope="col">
                  <span className="visually-hidden">Copy</span>
                </th>
              </tr>
            </thead>
            {groups.map((group) => (
              <tbody key={group.productId}>
                <tr>
                  <th scope="rowgroup" colSpan={5} style={{ textAlign: "left" }}>
                    {group.title}{" "}
                    <span className={styles.muted}>
                      · {group.links.length} {group.links.length === 1 ? "link" : "links"} · {formatCount(group.clicks)} clicks · {formatCount(group.orders)} orders
                    </span>
                  </th>
                </tr>
                {group.links.map((link) => (
                  <tr key={link.id}>
                    <th scope="row" style={{ textAlign: "left" }}>
                      <span className={`${styles.ellipsis} ${styles.strong}`} title={link.label}>
                        {link.postCaption ? link.postCaption : "Not tied to a post (bio, stories)"}
                      </span>
                      <span className={styles.sub}>
                        <code>/l/{link.code}</code> · {formatDate(link.createdAt)}
                      </span>
                    </th>
                    <td className={styles.num} title={`${link.totalClicks} redirects in all, bots and repeats included`}>
                      {formatCount(link.clicks)}
                    </td>
                    <td className={styles.num}>{formatCount(link.orders)}</td>
                    <td className={styles.num}>{formatPercent(link.clicks ? link.conversionRate : null)}</td>
                    <td className={styles.num}>
                      <CopyButton value={link.url} label={`Copy link to ${link.product?.title ?? "product"}`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
            {groups.length === 0 ? (
              <tbody>
                <tr>
                  <td colSpan={5} className={styles.muted}>
                    No link matches “{query}”.
                  </td>
                </tr>
              </tbody>
            ) : null}
          </table>
        </div>
      )}
    </section>
  );
}
