import type { Ref } from "react";

import type { PagingState } from "../../lib/paging";
import { Button } from "../Form/Button";
import { ErrorState } from "./ErrorState";
import { Spinner } from "./Spinner";

interface ScrollFooterProps<Node> {
  /** The `useInView` sentinel: the next page loads as this footer scrolls into view. */
  sentinel: Ref<HTMLDivElement>;
  state: PagingState<Node>;
  loadMore: () => void;
  retry: () => void;
  /** What is loading, for screen readers: "Loading looks". */
  loadingLabel: string;
  className?: string | undefined;
}

/**
 * Below a list that loads its next page on scroll: a spinner while it loads, why it failed (with
 * a retry), or a button for readers who do not scroll. Failures of the first page are the list's
 * own to show.
 */
export function ScrollFooter<Node>({ sentinel, state, loadMore, retry, loadingLabel, className }: ScrollFooterProps<Node>) {
  return (
    <div ref={sentinel} className={className}>
      {state.status === "loading" ? (
        <Spinner label={loadingLabel} />
      ) : state.status === "error" && state.problem && state.pages > 0 ? (
        <ErrorState title="We couldn't load more" problem={state.problem} onRetry={retry} />
      ) : state.hasMore ? (
        <Button variant="secondary" onClick={loadMore}>
          Load more
        </Button>
      ) : null}
    </div>
  );
}
