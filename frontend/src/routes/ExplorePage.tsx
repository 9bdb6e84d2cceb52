import { useSearchParams } from "react-router";
import { useQuery } from "urql";

import { Skeleton } from "../components/Feedback/Skeleton";
import { SearchPanel } from "../components/Explore/SearchPanel";
import { TrendingStrip } from "../components/Explore/TrendingStrip";
import { ErrorState } from "../components/Feedback/ErrorState";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { describeError } from "../lib/graphql/errors";
import { ExploreTrendingQuery } from "../lib/graphql/explore";

/** Explore: search at the top (kept in the address as ?q=, so Back returns to the results),
 * and what is trending in the viewer's market below it while nothing is typed. */
export function ExplorePage() {
  useDocumentTitle("Explore");
  const [params, setParams] = useSearchParams();
  const typed = params.get("q") ?? "";
  const onType = (text: string) => setParams(text ? { q: text } : {}, { replace: true });
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ExploreTrendingQuery, variables: {} });
  return (
    <Page narrow>
      <PageHeader title="Explore" description="Find people, hashtags, styles and products." />
      <SearchPanel typed={typed} onType={onType} />
      {typed.trim() ? null : error && !data ? (
        <ErrorState
          title="We couldn't load what's trending"
          problem={describeError(error)}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      ) : data ? (
        <TrendingStrip strip={data.exploreTrending} />
      ) : fetching ? (
        <div aria-busy="true">
          <Skeleton height={40} />
        </div>
      ) : null}
    </Page>
  );
}
