import type { PagingState } from "../../lib/paging";
import { Button } from "../Form/Button";

interface ListFooterProps<Node> {
  state: PagingState<Node>;
  loadMore: () => void;
  retry: () => void;
  /** The class of the problem line, so it reads like the list's own messages. */
  problemClassName?: string | undefined;
}

/**
 * Below a list loaded page by page: why the next page failed (with a retry), or a button for the
 * next page. Nothing before the first page: the list shows its own loading and error states.
 */
export function ListFooter<Node>({ state, loadMore, retry, problemClassName }: ListFooterProps<Node>) {
  if (state.pages === 0) return null;
  if (state.problem) {
    return (
      <p role="alert" className={problemClassName}>
        {state.problem.message}{" "}
        <Button variant="ghost" onClick={retry}>
          Try again
        </Button>
      </p>
    );
  }
  if (!state.hasMore) return null;
  return (
    <div>
      <Button variant="secondary" busy={state.status === "loading"} onClick={loadMore}>
        Load more
      </Button>
    </div>
  );
}
