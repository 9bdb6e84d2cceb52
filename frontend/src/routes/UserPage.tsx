import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";

import { Avatar } from "../components/Brand/Avatar";
import { InviteToCampaign } from "../components/BrandCampaigns/InviteToCampaign";
import { RoleBadge } from "../components/Brand/RoleBadge";
import { PublicCollections } from "../components/Collections/PublicCollections";
import { FollowButton } from "../components/Feed/Engagement";
import { EmptyState } from "../components/Feedback/EmptyState";
import { ErrorState } from "../components/Feedback/ErrorState";
import { Skeleton } from "../components/Feedback/Skeleton";
import { Page } from "../components/Page/PageHeader";
import styles from "../components/Profile/People.module.css";
import { PeopleList } from "../components/Profile/PeopleList";
import { PostGrid } from "../components/Profile/PostGrid";
import { useSession } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { describeError } from "../lib/graphql/errors";
import { UserProfileQuery, type Profile } from "../lib/graphql/profiles";
import { formatCount } from "../lib/money";
import { normaliseHandle, profilePath, type ProfileList } from "../lib/profiles";

function listOf(segment: string | undefined): ProfileList {
  return segment === "followers" || segment === "following" ? segment : "posts";
}

/** A person's profile at /u/:handle (and /u/:handle/followers, /following): any member may open it. */
export function UserPage() {
  const params = useParams();
  const asked = params["handle"] ?? "";
  const list = listOf(params["list"]);
  const navigate = useNavigate();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: UserProfileQuery,
    variables: { handle: asked },
    requestPolicy: "cache-and-network",
  });
  const user = data?.user ?? null;
  useDocumentTitle(user ? `${user.displayName} (@${user.handle})` : "Profile");
  // An old handle still finds its owner: show the address of the current one.
  useEffect(() => {
    if (user && user.handle !== normaliseHandle(asked)) {
      void navigate(profilePath(user.handle, list), { replace: true });
    }
  }, [user, asked, list, navigate]);

  if (!data && fetching) {
    return (
      <Page narrow>
        <div className={styles.head} aria-busy="true">
          <Skeleton width={76} height={76} radius={999} />
          <Skeleton width="60%" height={18} />
        </div>
        <span className="visually-hidden" role="status">
          Loading profile
        </span>
      </Page>
    );
  }
  if (error && !data) {
    return (
      <Page narrow>
        <ErrorState title="We couldn't load this profile" problem={describeError(error)} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      </Page>
    );
  }
  if (!user) {
    return (
      <Page narrow>
        <EmptyState icon="user" title="No one here">
          Nobody goes by @{normaliseHandle(asked)}. They may have changed their handle a while ago.
        </EmptyState>
      </Page>
    );
  }
  return (
    <Page narrow>
      <ProfileHead key={user.id} user={user} list={list} />
      <nav className={styles.tabs} aria-label={`${user.displayName}'s profile`}>
        {(["posts", "followers", "following"] as const).map((tab) => (
          <Link
            key={tab}
            to={profilePath(user.handle, tab)}
            replace
            className={`${styles.tab} ${tab === list ? styles.tabActive : ""}`}
            aria-current={tab === list ? "page" : undefined}
          >
            {tab === "posts" ? "Posts" : tab === "followers" ? "Followers" : "Following"}
          </Link>
        ))}
      </nav>
      {list === "posts" ? <PublicCollections key={user.id} userId={user.id} name={user.displayName} /> : null}
      {list === "posts" ? (
        <PostGrid userId={user.id} name={user.displayName} />
      ) : (
        <PeopleList key={list} userId={user.id} name={user.displayName} list={list} />
      )}
    </Page>
  );
}

function ProfileHead({ user, list }: { user: Profile; list: ProfileList }) {
  // A brand looking at a creator can invite them to one of its campaigns from here.
  const viewerRole = useSession().user?.role;
  const canInvite = viewerRole === "BRAND" && user.role === "INFLUENCER";
  // Moved by this page's Follow button; the next load brings the server's count.
  const [followers, setFollowers] = useState(user.followerCount);
  useEffect(() => setFollowers(user.followerCount), [user.followerCount]);
  const counts: { key: ProfileList; label: string; value: number }[] = [
    { key: "posts", label: user.postCount === 1 ? "post" : "posts", value: user.postCount },
    { key: "followers", label: followers === 1 ? "follower" : "followers", value: followers },
    { key: "following", label: "following", value: user.followingCount },
  ];
  return (
    <section className={styles.head} aria-labelledby="profile-name">
      <Avatar name={user.displayName} url={user.avatarUrl} size={76} />
      <div className={styles.who}>
        <h1 id="profile-name" className={styles.name} tabIndex={-1}>
          {user.displayName}
        </h1>
        <span className={styles.handle}>@{user.handle}</span>
        <RoleBadge role={user.role} />
      </div>
      {user.bio ? <p className={styles.bio}>{user.bio}</p> : null}
      <ul className={styles.counts}>
        {counts.map((count) => (
          <li key={count.key}>
            <Link
              className={styles.count}
              to={profilePath(user.handle, count.key)}
              replace
              aria-label={`${formatCount(count.value)} ${count.label}`}
              aria-current={count.key === list ? "page" : undefined}
            >
              <span className={styles.countValue}>{formatCount(count.value)}</span>
              <span className={styles.countLabel}>{count.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <div className={styles.actions}>
        {user.viewerFollows === null ? (
          <Link className={styles.count} to="/profile">
            Edit your profile
          </Link>
        ) : (
          <FollowButton
            userId={user.id}
            name={user.displayName}
            following={user.viewerFollows}
            onChange={(_, count) => setFollowers(count)}
          />
        )}
        {canInvite ? <InviteToCampaign influencerId={user.id} name={user.displayName} /> : null}
      </div>
    </section>
  );
}
