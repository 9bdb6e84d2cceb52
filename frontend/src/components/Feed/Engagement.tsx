import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { Link } from "react-router";
import { useMutation } from "urql";

import { useViewer } from "../../hooks/useAuth";
import { describeError } from "../../lib/graphql/errors";
import {
  FollowMutation,
  LikePostMutation,
  SavePostMutation,
  UnfollowMutation,
  UnlikePostMutation,
  UnsavePostMutation,
  type FeedPost,
} from "../../lib/graphql/posts";
import { formatCount } from "../../lib/money";
import { followStates } from "../../lib/profiles";
import { SaveSheet } from "../Collections/SaveSheet";
import { Icon } from "../Icon/Icon";
import styles from "./Feed.module.css";

type Counts = Pick<FeedPost, "likeCount" | "saveCount" | "viewerHasLiked" | "viewerHasSaved">;

interface ActionBarProps {
  post: FeedPost;
  onChange?: (post: FeedPost) => void;
  commentsHref?: string;
}

/**
 * Like, save and comment, updated at once and set right by the server's answer. Saving opens
 * the Save sheet (collections); tapping Save on a saved look opens it again, with "Remove".
 */
export function ActionBar({ post, onChange, commentsHref }: ActionBarProps) {
  const [, like] = useMutation(LikePostMutation);
  const [, unlike] = useMutation(UnlikePostMutation);
  const [, save] = useMutation(SavePostMutation);
  const [, unsave] = useMutation(UnsavePostMutation);
  const [counts, setCounts] = useState<Counts>(post);
  const [problem, setProblem] = useState<string | null>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const saveButton = useRef<HTMLButtonElement>(null);
  const { likeCount, saveCount, viewerHasLiked, viewerHasSaved } = post;
  useEffect(() => {
    setCounts({ likeCount, saveCount, viewerHasLiked, viewerHasSaved });
  }, [likeCount, saveCount, viewerHasLiked, viewerHasSaved]);
  const shown = counts;

  async function toggle(kind: "like" | "save") {
    setProblem(null);
    const before = shown;
    const on = kind === "like" ? !before.viewerHasLiked : !before.viewerHasSaved;
    const optimistic: Counts =
      kind === "like"
        ? { ...before, viewerHasLiked: on, likeCount: Math.max(0, before.likeCount + (on ? 1 : -1)) }
        : { ...before, viewerHasSaved: on, saveCount: Math.max(0, before.saveCount + (on ? 1 : -1)) };
    setCounts(optimistic);
    const vars = { id: post.id };
    const result =
      kind === "like" ? await (on ? like(vars) : unlike(vars)) : await (on ? save(vars) : unsave(vars));
    const data = result.data as Record<string, { post: Counts | null; errors: { message: string }[] } | undefined> | undefined;
    const payload = data ? Object.values(data)[0] : undefined;
    if (result.error || !payload?.post) {
      setCounts(before);
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't work."));
      return;
    }
    const next = { ...post, ...payload.post };
    setCounts(next);
    onChange?.(next);
    if (kind === "save" && on) setSheetOpen(true);
  }

  function closeSheet() {
    setSheetOpen(false);
    saveButton.current?.focus();
  }

  return (
    <div className={styles.actions}>
      <button
        type="button"
        className={`${styles.action} ${shown.viewerHasLiked ? styles.liked : ""}`}
        aria-pressed={shown.viewerHasLiked}
        onClick={() => void toggle("like")}
      >
        <Icon name="heart" size={22} fill={shown.viewerHasLiked ? "currentColor" : "none"} />
        <span className="visually-hidden">Like</span>
        <span className={styles.count} aria-label={`${shown.likeCount} likes`}>
          {formatCount(shown.likeCount)}
        </span>
      </button>
      {commentsHref ? (
        <Link className={styles.action} to={commentsHref}>
          <Icon name="comment" size={22} />
          <span className="visually-hidden">Comments</span>
          <span className={styles.count} aria-label={`${post.commentCount} comments`}>
            {formatCount(post.commentCount)}
          </span>
        </Link>
      ) : (
        <span className={styles.action} aria-label={`${post.commentCount} comments`}>
          <Icon name="comment" size={22} />
          <span className={styles.count}>{formatCount(post.commentCount)}</span>
        </span>
      )}
      <button
        type="button"
        className={`${styles.action} ${styles.saveAction} ${shown.viewerHasSaved ? styles.saved : ""}`}
        aria-pressed={shown.viewerHasSaved}
        ref={saveButton}
        onClick={() => (shown.viewerHasSaved ? setSheetOpen(true) : void toggle("save"))}
      >
        <Icon name="bookmark" size={22} fill={shown.viewerHasSaved ? "currentColor" : "none"} />
        <span className="visually-hidden">Save</span>
        <span className={styles.count} aria-label={`${shown.saveCount} saves`}>
          {formatCount(shown.saveCount)}
        </span>
      </button>
      {problem ? (
        <p className={styles.actionError} role="alert">
          {problem}
        </p>
      ) : null}
      {sheetOpen ? (
        <SaveSheet
          postId={post.id}
          onClose={closeSheet}
          onUnsaved={(saved) => {
            closeSheet();
            const next = { ...post, ...shown, ...saved };
            setCounts(next);
            onChange?.(next);
          }}
        />
      ) : null}
    </div>
  );
}

/**
 * Follow or unfollow someone. It starts from what the page loaded (`following`: the server's
 * `viewerFollows`), and every button for the same person on screen shows the same state once
 * the viewer changes it (`followStates`); both mutations are idempotent.
 */
export function FollowButton({
  userId,
  name,
  following: loaded,
  onChange,
}: {
  userId: string;
  name: string;
  following: boolean | null | undefined;
  onChange?: (following: boolean, followerCount: number) => void;
}) {
  const viewer = useViewer();
  const [{ fetching: joining }, follow] = useMutation(FollowMutation);
  const [{ fetching: leaving }, unfollow] = useMutation(UnfollowMutation);
  // Kept per viewer, so another account signing in on this tab starts from the server's answer.
  const key = `${viewer.id}:${userId}`;
  const state = useSyncExternalStore(
    (listener) => followStates.subscribe(listener),
    () => followStates.get(key, loaded),
  );
  const [problem, setProblem] = useState<string | null>(null);
  async function toggle() {
    setProblem(null);
    const result = state ? await unfollow({ userId }) : await follow({ userId });
    const payload = result.data ? ("follow" in result.data ? result.data.follow : result.data.unfollow) : null;
    if (result.error || !payload || payload.errors.length > 0) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't work."));
      return;
    }
    followStates.set(key, payload.following);
    onChange?.(payload.following, payload.followerCount);
  }
  return (
    <>
      <button
        type="button"
        className={`${styles.follow} ${state ? styles.following : ""}`}
        aria-pressed={state}
        aria-label={state ? `Following ${name}` : `Follow ${name}`}
        disabled={joining || leaving}
        onClick={() => void toggle()}
      >
        {state ? "Following" : "Follow"}
      </button>
      {problem ? (
        <span className={styles.actionError} role="alert">
          {problem}
        </span>
      ) : null}
    </>
  );
}
