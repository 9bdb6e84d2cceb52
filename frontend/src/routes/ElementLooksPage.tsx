import { useCallback, useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";

import styles from "../components/Explore/Explore.module.css";
import { LookGrid, OrderTabs } from "../components/Explore/LookGrid";
import { EmptyState } from "../components/Feedback/EmptyState";
import { ErrorState } from "../components/Feedback/ErrorState";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { describeError } from "../lib/graphql/errors";
import { ElementLooksQuery, StyleElementQuery, type LookOrder } from "../lib/graphql/explore";
import type * as G from "../lib/graphql/generated/graphql";
import { elementId, tagPath } from "../lib/search";
import { BackToExplore } from "./HashtagPage";

/** A style element for shoppers: its names (English and Chinese), its hashtags, its looks. */
export function ElementLooksPage() {
  const { kind, slug } = useParams();
  const id = elementId(kind, slug) ?? "";
  const [order, setOrder] = useState<LookOrder>("TOP");
  const [{ data, fetching, error }, reexecute] = useQuery({ query: StyleElementQuery, variables: { id } });
  const element = data?.styleElement ?? null;
  useDocumentTitle(element ? element.name : "Style");
  const select = useCallback((result: G.ElementLooksQuery) => result.styleElement?.looks, []);
  if (error && !data) {
    return (
      <Page narrow>
        <BackToExplore />
        <ErrorState
          title="We couldn't open this style"
          problem={describeError(error)}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      </Page>
    );
  }
  if (!element) {
    return (
      <Page narrow>
        <BackToExplore />
        {fetching ? null : (
          <EmptyState icon="search" title="No such style">
            It may have been renamed. Search for it from Explore.
          </EmptyState>
        )}
      </Page>
    );
  }
  return (
    <Page narrow>
      <BackToExplore />
      <PageHeader title={element.name} description={element.nameZh ?? undefined} />
      {element.hashtags.length > 0 ? (
        <ul className={styles.tags} aria-label="Its hashtags">
          {element.hashtags.map((hashtag) => (
            <li key={hashtag.tag}>
              <Link className={styles.chip} to={tagPath(hashtag.tag)}>
                <span className={styles.chipText}>#{hashtag.tag}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <OrderTabs order={order} onChange={setOrder} />
      <LookGrid
        key={order}
        query={ElementLooksQuery}
        variables={{ id, order }}
        select={select}
        label={`Looks with ${element.name}`}
        emptyText="No one has posted a look with this style yet."
      />
    </Page>
  );
}
