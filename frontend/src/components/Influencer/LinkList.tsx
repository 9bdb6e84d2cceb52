import { useQuery } from "urql";

import { MyLinksQuery } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { formatDate } from "../../lib/format";
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
  return (
    <section className={styles.panel} aria-labelledby="your-links" data-version={version}>
      <h2 id="your-links" className={styles.panelTitle}>
        Your links
      </h2>
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
            <tbody>
              {links.map((link) => (
                <tr key={link.id}>
                  <th scope="row" style={{ textAlign: "left" }}>
                    <span className={`${styles.ellipsis} ${styles.strong}`} title={link.label}>
                      {link.label}
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
          </table>
        </div>
      )}
    </section>
  );
}
