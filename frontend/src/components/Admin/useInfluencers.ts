import { useCallback, useEffect, useMemo } from "react";

import { useInfiniteConnection } from "../../hooks/useInfiniteConnection";
import { InfluencersQuery, type Influencer } from "../../lib/graphql/admin";
import type { Problem } from "../../lib/graphql/errors";
import type { Connection } from "../../lib/graphql/types";

// The API's largest page: a few requests cover even a long roster.
const PAGE = 100;

export interface Influencers {
  list: Influencer[];
  byId: ReadonlyMap<string, Influencer>;
  /** Still reading pages. */
  loading: boolean;
  problem: Problem | null;
  retry: () => void;
}

/**
 * Every influencer account, for the adjustment form's picker (held commissions and payouts
 * name their influencer themselves). Pages are read one after another until the end.
 */
export function useInfluencers(): Influencers {
  const select = useCallback((data: { users: Connection<Influencer> }) => data.users, []);
  const { state, loadMore, retry } = useInfiniteConnection(InfluencersQuery, {}, select, PAGE);
  useEffect(() => {
    if (state.pages > 0 && state.hasMore && state.status === "idle") loadMore();
  }, [state.pages, state.hasMore, state.status, loadMore]);
  const byId = useMemo(() => new Map(state.items.map((person) => [person.id, person])), [state.items]);
  const list = useMemo(
    () => [...state.items].sort((a, b) => a.displayName.localeCompare(b.displayName)),
    [state.items],
  );
  return {
    list,
    byId,
    loading: state.pages === 0 || (state.hasMore && !state.problem),
    problem: state.problem,
    retry,
  };
}
