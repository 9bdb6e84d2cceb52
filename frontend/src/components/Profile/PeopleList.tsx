import { useCallback } from "react";

import { useInfiniteConnection, type InfiniteConnection } from "../../hooks/useInfiniteConnection";
import { useInView } from "../../hooks/useInView";
import { FollowersQuery, FollowingQuery, type PersonRow } from "../../lib/graphql/profiles";
import type { Connection } from "../../lib/graphql/types";
import { Avatar } from "../Brand/Avatar";
import { FollowButton } from "../Feed/Engagement";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { ScrollFooter } from "../Feedback/ScrollFooter";
import styles from "./People.module.css";
import { PersonLink } from "./PersonLink";

export const PEOPLE_PAGE_SIZE = 20;

type FollowersData = { user: { followers: Connection<PersonRow> } | null };
type FollowingData = { user: { following: Connection<PersonRow> } | null };

/** Who follows a person, or whom they follow; each row with its own Follow button. */
export function PeopleList({ userId, name, list }: { userId: string; name: string; list: "followers" | "following" }) {
  return list === "followers" ? <Followers userId={userId} name={name} /> : <Following userId={userId} name={name} />;
}

function Followers({ userId, name }: { userId: string; name: string }) {
  const select = useCallback((data: FollowersData) => data.user?.followers ?? null, []);
  const paging = useInfiniteConnection(FollowersQuery, { id: userId }, select, PEOPLE_PAGE_SIZE);
  return <People paging={paging} name={name} list="followers" />;
}

function Following({ userId, name }: { userId: string; name: string }) {
  const select = useCallback((data: FollowingData) => data.user?.following ?? null, []);
  const paging = useInfiniteConnection(FollowingQuery, { id: userId }, select, PEOPLE_PAGE_SIZE);
  return <People paging={paging} name={name} list="following" />;
}

function People({
  paging,
  name,
  list,
}: {
  paging: InfiniteConnection<PersonRow>;
  name: string;
  list: "followers" | "following";
}) {
  const { state, loadMore, retry } = paging;
  const sentinel = useInView<HTMLDivElement>(loadMore, {
    enabled: state.hasMore && state.status === "idle",
    version: state.pages,
  });
  const title = list === "followers" ? `People following ${name}` : `People ${name} follows`;
  if (state.pages === 0 && state.problem) {
    return <ErrorState title="We couldn't load this list" problem={state.problem} onRetry={retry} />;
  }
  if (state.pages > 0 && state.items.length === 0 && !state.hasMore) {
    return (
      <EmptyState icon="user" title={list === "followers" ? "No followers yet" : "Not following anyone yet"}>
        {list === "followers" ? `When people follow ${name}, they show up here.` : `When ${name} follows people, they show up here.`}
      </EmptyState>
    );
  }
  return (
    <>
      <ul className={styles.people} aria-label={title}>
        {state.items.map((person) => (
          <li key={person.id} className={styles.person}>
            <PersonLink handle={person.handle} quiet>
              <Avatar name={person.displayName} url={person.avatarUrl} size={44} />
            </PersonLink>
            <div className={styles.personText}>
              <PersonLink handle={person.handle} className={styles.personName}>
                {person.displayName}
              </PersonLink>
              <span className={styles.personHandle}>@{person.handle}</span>
            </div>
            {person.viewerFollows !== null ? (
              <FollowButton userId={person.id} name={person.displayName} following={person.viewerFollows} />
            ) : null}
          </li>
        ))}
      </ul>
      <ScrollFooter sentinel={sentinel} state={state} loadMore={loadMore} retry={retry} loadingLabel="Loading people" className={styles.more} />
    </>
  );
}
