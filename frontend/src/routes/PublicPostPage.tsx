import { Link, Navigate, useParams } from "react-router";
import { useQuery } from "urql";

import { Avatar } from "../components/Brand/Avatar";
import { Logo } from "../components/Brand/Logo";
import { Caption } from "../components/Feed/Caption";
import feed from "../components/Feed/Feed.module.css";
import { PaidPartnership } from "../components/Feed/PostCard";
import { PostPhotos } from "../components/Feed/PostPhotos";
import { ShopTheLook } from "../components/Feed/ShopTheLook";
import { EmptyState } from "../components/Feedback/EmptyState";
import { ErrorState } from "../components/Feedback/ErrorState";
import { Skeleton } from "../components/Feedback/Skeleton";
import buttons from "../components/Form/Button.module.css";
import { Icon } from "../components/Icon/Icon";
import styles from "../components/Public/PublicPost.module.css";
import { useSession } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { describeError } from "../lib/graphql/errors";
import { canVisit, postBackLink } from "../lib/navigation";
import { PublicPostQuery } from "../lib/graphql/posts";
import { formatCount } from "../lib/money";
import { publicPostPath } from "../lib/share";
import { formatRelative } from "../lib/time";

function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/**
 * A shared look at /p/{id}, for anyone: the photos, caption, products and a few comments, with
 * signing in offered rather than forced. Someone already signed in goes to the post in the app.
 */
export function PublicPostPage() {
  const { id = "" } = useParams();
  const session = useSession();
  const inApp = `/feed/posts/${encodeURIComponent(id)}`;
  // Someone signed in whose role has the feed reads the look in the app; others (a brand, a
  // designer) stay here.
  const viewer = session.status === "signed-in" ? session.user : null;
  const openInApp = viewer !== null && canVisit(viewer.role, inApp);
  // Signed in without the feed: the way back to their own pages, not an invitation to join.
  const home = viewer ? postBackLink(viewer.role, null) : null;
  const [{ data, fetching, error }, reexecute] = useQuery({ query: PublicPostQuery, variables: { id }, pause: openInApp });
  const post = data?.post ?? null;
  const authorName = post?.author?.displayName ?? "Someone";
  useDocumentTitle(post ? `${authorName}'s look` : "Look");

  if (openInApp) {
    return <Navigate to={inApp} replace />;
  }
  const logIn = `/login?next=${encodeURIComponent(inApp)}`;
  const signUp = `/signup?next=${encodeURIComponent(inApp)}`;

  let content;
  if (fetching && !post) {
    content = (
      <div className={feed.card} aria-busy="true">
        <span className="visually-hidden" role="status">
          Loading the look
        </span>
        <Skeleton height={420} radius={0} />
        <div className={feed.cardBody}>
          <Skeleton width="50%" />
          <Skeleton width="80%" />
        </div>
      </div>
    );
  } else if (error && !post) {
    content = <ErrorState title="We couldn't load this look" problem={describeError(error)} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  } else if (!post || post.status !== "PUBLISHED") {
    content = (
      <EmptyState icon="image" title="This look isn't here" action={<Link to="/signup">Join Trendloop</Link>}>
        It may have been deleted, or the link is mistyped.
      </EmptyState>
    );
  } else {
    const when = post.publishedAt ?? post.createdAt;
    content = (
      <>
        <h1 className="visually-hidden">{authorName}'s look</h1>
        <article className={`${feed.card} ${feed.postPage}`} data-testid="public-post" data-post-url={publicPostPath(post.id)}>
          <header className={feed.cardHead}>
            <Avatar name={authorName} url={post.author?.avatarUrl} size={40} />
            <div className={feed.cardWho}>
              <span className={feed.authorName}>{authorName}</span>
              <span className={feed.cardMeta}>
                <time dateTime={when}>{formatRelative(when)}</time> · {post.market}
              </span>
              <PaidPartnership brand={post.partnerBrand} />
            </div>
          </header>
          <PostPhotos images={post.images} tags={post.productTags} authorName={authorName} caption={post.caption} interactive eager />
          <div className={feed.cardBody}>
            <ul className={styles.counts} aria-label="Reactions">
              <li>
                <Icon name="heart" size={16} /> {plural(post.likeCount, "like", "likes")}
              </li>
              <li>
                <Icon name="comment" size={16} /> {plural(post.commentCount, "comment", "comments")}
              </li>
              <li>
                <Icon name="eye" size={16} /> {plural(post.viewCount, "view", "views")}
              </li>
            </ul>
            <Caption text={post.caption} authorName={authorName} />
          </div>
        </article>
        <ShopTheLook tags={post.productTags} authorName={authorName} />
        {post.comments.nodes.length > 0 ? (
          <section aria-labelledby="public-comments">
            <h2 id="public-comments" className={feed.sectionTitle}>
              Comments
            </h2>
            <ul className={styles.comments}>
              {post.comments.nodes.map((comment) => (
                <li key={comment.id}>
                  <strong>{comment.author?.displayName ?? "Someone"}</strong> {comment.body}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {home ? null : (
          <section className={styles.invite} aria-labelledby="public-invite">
            <h2 id="public-invite">Like, save and shop looks like this</h2>
            <p>Join Trendloop to follow {authorName}, save this look and post your own.</p>
            <div className={styles.inviteActions}>
              <Link className={`${buttons.button} ${buttons.primary}`} to={signUp}>
                Create an account
              </Link>
              <Link className={`${buttons.button} ${buttons.secondary}`} to={logIn}>
                Log in
              </Link>
            </div>
          </section>
        )}
      </>
    );
  }

  return (
    <div className={styles.layout}>
      <header className={styles.bar}>
        <Link to="/" aria-label="Trendloop home">
          <Logo size={26} />
        </Link>
        <nav className={styles.barActions} aria-label="Account">
          {home ? (
            <Link className={`${buttons.button} ${buttons.ghost}`} to={home.path}>
              <Icon name="arrowLeft" size={16} /> {home.label}
            </Link>
          ) : (
            <>
              <Link className={`${buttons.button} ${buttons.ghost}`} to={logIn}>
                Log in
              </Link>
              <Link className={`${buttons.button} ${buttons.primary}`} to={signUp}>
                Join
              </Link>
            </>
          )}
        </nav>
      </header>
      <main className={styles.main} id="main">
        {content}
      </main>
    </div>
  );
}
