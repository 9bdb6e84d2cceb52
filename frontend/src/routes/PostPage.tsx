import { useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";

import { Avatar } from "../components/Brand/Avatar";
import { DeliverableNote } from "../components/Deliverables/DeliverableNote";
import { Caption } from "../components/Feed/Caption";
import { Comments } from "../components/Feed/Comments";
import { ActionBar, FollowButton } from "../components/Feed/Engagement";
import styles from "../components/Feed/Feed.module.css";
import { PaidPartnership } from "../components/Feed/PostCard";
import { OwnPostActions } from "../components/Feed/OwnPostActions";
import { PostPhotos } from "../components/Feed/PostPhotos";
import { ShopTheLook } from "../components/Feed/ShopTheLook";
import { EmptyState } from "../components/Feedback/EmptyState";
import { ErrorState } from "../components/Feedback/ErrorState";
import { Skeleton } from "../components/Feedback/Skeleton";
import { Icon } from "../components/Icon/Icon";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { PersonLink } from "../components/Profile/PersonLink";
import { useViewer } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { describeError } from "../lib/graphql/errors";
import { PostQuery } from "../lib/graphql/posts";
import { postBackLink } from "../lib/navigation";
import { publicPostUrl, shareLink, type ShareOutcome } from "../lib/share";
import { formatRelative } from "../lib/time";

const SHARE_NOTES: Record<ShareOutcome, string> = {
  shared: "",
  cancelled: "",
  copied: "Link copied: anyone can open it, with or without an account.",
  failed: "Couldn't share from this browser. Copy the address from the link below.",
};

function ShareButton({ postId, title }: { postId: string; title: string }) {
  const [note, setNote] = useState("");
  const url = publicPostUrl(postId);
  return (
    <div className={styles.share}>
      <button type="button" className={styles.shareButton} onClick={async () => setNote(SHARE_NOTES[await shareLink(url, title)])}>
        <Icon name="send" size={17} /> Share
      </button>
      <span role="status" className={styles.shareNote}>
        {note}
        {note === SHARE_NOTES.failed ? (
          <>
            {" "}
            <a href={url}>{url}</a>
          </>
        ) : null}
      </span>
    </div>
  );
}

export function PostPage() {
  const { id = "" } = useParams();
  const viewer = useViewer();
  const location = useLocation();
  const navigate = useNavigate();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: PostQuery, variables: { id } });
  const [commentCount, setCommentCount] = useState<number | null>(null);
  const post = data?.post ?? null;
  const authorName = post?.author?.displayName ?? "Someone";
  useDocumentTitle(post ? `${authorName}'s outfit` : "Outfit");

  const backTo = postBackLink(viewer.role, location.state);
  const back = (
    <Link className={styles.backLink} to={backTo.path}>
      <Icon name="arrowLeft" size={18} /> {backTo.label}
    </Link>
  );

  if (fetching && !post) {
    return (
      <Page narrow>
        {back}
        <div className={styles.card} aria-busy="true">
          <span className="visually-hidden" role="status">
            Loading the post
          </span>
          <Skeleton height={480} radius={0} />
          <div className={styles.cardBody}>
            <Skeleton width="50%" />
            <Skeleton width="80%" />
          </div>
        </div>
      </Page>
    );
  }
  if (error && !post) {
    return (
      <Page narrow>
        {back}
        <ErrorState title="We couldn't load this post" problem={describeError(error)} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      </Page>
    );
  }
  if (!post) {
    return (
      <Page narrow>
        {back}
        <PageHeader title="Post not found" />
        <EmptyState icon="image" title="This post isn't here" action={<Link to={backTo.path}>Back to {backTo.label}</Link>}>
          It may have been deleted, or it isn't public yet.
        </EmptyState>
      </Page>
    );
  }
  const shownPost = commentCount === null ? post : { ...post, commentCount };
  return (
    <Page narrow>
      {back}
      <h1 className="visually-hidden" tabIndex={-1}>
        {authorName}'s outfit
      </h1>
      <article className={`${styles.card} ${styles.postPage}`}>
        <header className={styles.cardHead}>
          <PersonLink handle={post.author?.handle} quiet>
            <Avatar name={authorName} url={post.author?.avatarUrl} size={40} />
          </PersonLink>
          <div className={styles.cardWho}>
            <PersonLink handle={post.author?.handle} className={styles.authorName}>
              {authorName}
            </PersonLink>
            <span className={styles.cardMeta}>
              <time dateTime={post.publishedAt ?? post.createdAt}>{formatRelative(post.publishedAt ?? post.createdAt)}</time> · {post.market}
            </span>
            <PaidPartnership brand={post.partnerBrand} />
          </div>
          {post.author && post.author.id !== viewer.id ? <FollowButton userId={post.author.id} name={authorName} following={post.author.viewerFollows} /> : null}
        </header>
        {post.status !== "PUBLISHED" ? (
          <p className={styles.statusNote}>
            {post.status === "PROCESSING" ? "Your photos are still being processed." : `This post is ${post.status.toLowerCase()}.`}
            {post.rejectionReason ? ` ${post.rejectionReason}` : ""}
          </p>
        ) : null}
        {post.author?.id === viewer.id && post.status !== "DELETED" ? (
          <OwnPostActions
            postId={post.id}
            caption={post.caption}
            images={post.images}
            tags={post.productTags}
            onTagsSaved={() => reexecute({ requestPolicy: "network-only" })}
            onDeleted={() => navigate(backTo.path, { replace: true })}
          />
        ) : null}
        {post.deliverable ? (
          <DeliverableNote
            postId={post.id}
            deliverable={post.deliverable}
            viewer={{ role: viewer.role, isAuthor: post.author?.id === viewer.id }}
            onChanged={() => reexecute({ requestPolicy: "network-only" })}
          />
        ) : null}
        <PostPhotos images={post.images} tags={post.productTags} authorName={authorName} caption={post.caption} postId={post.id} interactive eager />
        {post.productTags.length > 0 ? (
          <p className={styles.hint}>
            <Icon name="tag" size={15} /> Tap a tag on the photo to see the product.
          </p>
        ) : null}
        <div className={styles.cardBody}>
          <ActionBar post={shownPost} />
          {post.status === "PUBLISHED" ? <ShareButton postId={post.id} title={`${authorName}'s look on Trendloop`} /> : null}
          <Caption text={post.caption} authorName={authorName} />
        </div>
      </article>
      <ShopTheLook tags={post.productTags} authorName={authorName} postId={post.id} />
      <Comments
        postId={post.id}
        comments={post.comments.nodes}
        total={shownPost.commentCount}
        onCommented={(count) => setCommentCount(count)}
      />
    </Page>
  );
}
