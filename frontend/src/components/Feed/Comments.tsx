import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { describeError } from "../../lib/graphql/errors";
import { CommentOnPostMutation, type PostComment } from "../../lib/graphql/posts";
import { formatRelative } from "../../lib/time";
import { Avatar } from "../Brand/Avatar";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import { PersonLink } from "../Profile/PersonLink";
import styles from "./Feed.module.css";

const MAX_COMMENT = 1000;

interface CommentsProps {
  postId: string;
  comments: PostComment[];
  total: number;
  onCommented: (commentCount: number) => void;
}

export function Comments({ postId, comments, total, onCommented }: CommentsProps) {
  const [added, setAdded] = useState<PostComment[]>([]);
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, comment] = useMutation(CommentOnPostMutation);
  const all = [...comments, ...added.filter((a) => !comments.some((c) => c.id === a.id))];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = body.trim();
    if (!text) {
      setError("Write something first.");
      return;
    }
    setError(null);
    const result = await comment({ postId, body: text });
    const payload = result.data?.commentOnPost;
    if (result.error || !payload) {
      setError(result.error ? describeError(result.error).message : "Your comment wasn't posted.");
      return;
    }
    if (payload.errors.length > 0 || !payload.comment) {
      setError(payload.errors.map((e) => e.message).join(" ") || "Your comment wasn't posted.");
      return;
    }
    const created = payload.comment;
    setAdded((list) => [...list, created]);
    setBody("");
    if (payload.post) onCommented(payload.post.commentCount);
  }

  return (
    <section id="comments" className={styles.comments} aria-labelledby="comments-title">
      <h2 id="comments-title" className={styles.sectionTitle}>
        Comments <span className={styles.muted}>{Math.max(total, all.length)}</span>
      </h2>
      {all.length === 0 ? (
        <p className={styles.muted}>No comments yet. Say what you love about this look.</p>
      ) : (
        <ul className={styles.commentList}>
          {all.map((c) => (
            <li key={c.id} className={styles.comment}>
              <PersonLink handle={c.author?.handle} quiet>
                <Avatar name={c.author?.displayName ?? "Someone"} url={c.author?.avatarUrl} size={32} />
              </PersonLink>
              <div>
                <p className={styles.commentText}>
                  <PersonLink handle={c.author?.handle}>
                    <strong>{c.author?.displayName ?? "Someone"}</strong>
                  </PersonLink>{" "}
                  {c.body}
                </p>
                <time className={styles.cardMeta} dateTime={c.createdAt}>
                  {formatRelative(c.createdAt)}
                </time>
              </div>
            </li>
          ))}
        </ul>
      )}
      <form className={styles.commentForm} onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="comment-body" className="visually-hidden">
          Add a comment
        </label>
        <input
          id="comment-body"
          className={styles.commentInput}
          placeholder="Add a comment…"
          value={body}
          maxLength={MAX_COMMENT}
          onChange={(e) => setBody(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "comment-error" : undefined}
        />
        <Button type="submit" busy={fetching} icon={<Icon name="send" size={16} />}>
          Post
        </Button>
      </form>
      {error ? (
        <p id="comment-error" className={styles.actionError} role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
