import { useCallback, useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";

import styles from "../components/Explore/Explore.module.css";
import { LookGrid, OrderTabs } from "../components/Explore/LookGrid";
import { ErrorState } from "../components/Feedback/ErrorState";
import { Icon } from "../components/Icon/Icon";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { describeError } from "../lib/graphql/errors";
import { HashtagLooksQuery, HashtagQuery, type LookOrder } from "../lib/graphql/explore";
import type * as G from "../lib/graphql/generated/graphql";
import { EXPLORE_PATH, lookCount } from "../lib/search";

export function BackToExplore() {
  return (
    <Link className={styles.backLink} to={EXPLORE_PATH}>
      <Icon name="arrowLeft" size={18} /> Explore
    </Link>
  );
}

/** A hashtag's page: how many looks carry it, and those looks, top or recent. */
export function HashtagPage() {
  const { tag = "" } = useParams();
  const [order, setOrder] = useState<LookOrder>("TOP");
  const [{ data, error }, reexecute] = useQuery({ query: HashtagQuery, variables: { tag } });
  const shown = data?.hashtag.tag ?? tag.replace(/^#+/, "");
  useDocumentTitle(`#${shown}`);
  const select = useCallback((result: G.HashtagLooksQuery) => result.hashtag.looks, []);
  if (error && !data) {
    return (
      <Page narrow>
        <BackToExplore />
        <ErrorState
          title="We couldn't open this hashtag"
          problem={describeError(error)}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      </Page>
    );
  }
  return (
    <Page narrow>
      <BackToExplore />
      <PageHeader title={`#${shown}`} description={data ? lookCount(data.hashtag.postCount) : " "} />
      <OrderTabs order={order} onChange={setOrder} />
      <LookGrid
        key={order}
        query={HashtagLooksQuery}
        variables={{ tag, order }}
        select={select}
        label={`Looks tagged #${shown}`}
        emptyText="Be the first: add this hashtag to a look you post."
      />
    </Page>
  );
}
