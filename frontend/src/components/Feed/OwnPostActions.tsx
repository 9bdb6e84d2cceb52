import { useState } from "react";
import { useMutation } from "urql";

import { describeError } from "../../lib/graphql/errors";
import { DeletePostMutation, EditPostCaptionMutation, type PostImage, type ProductTag } from "../../lib/graphql/posts";
import { Button } from "../Form/Button";
import { TagEditor } from "../Product/TagEditor";
import { TextAreaField } from "../Form/Field";
import styles from "./Feed.module.css";

const MAX_CAPTION = 2200;

interface OwnPostActionsProps {
  postId: string;
  caption: string;
  onDeleted: () => void;
  /** The post's photos and tags, for editing the tags (none: no tag editing). */
  images?: PostImage[];
  tags?: ProductTag[];
  /** The tags were saved: the page reads the post again. */
  onTagsSaved?: () => void;
}

/** The author's own tools on their post: change the caption or the product tags, or delete the post. */
export function OwnPostActions({ postId, caption, onDeleted, images = [], tags = [], onTagsSaved }: OwnPostActionsProps) {
  const [mode, setMode] = useState<"idle" | "editing" | "tagging" | "deleting">("idle");
  const [notice, setNotice] = useState<string | null>(null);
  const [draft, setDraft] = useState(caption);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching: saving }, edit] = useMutation(EditPostCaptionMutation);
  const [{ fetching: deleting }, remove] = useMutation(DeletePostMutation);

  async function save() {
    setProblem(null);
    const result = await edit({ id: postId, caption: draft.trim() });
    const payload = result.data?.editPost;
    if (result.error || !payload || payload.errors.length > 0) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "The caption wasn't saved."));
      return;
    }
    setMode("idle");
  }

  async function confirmDelete() {
    setProblem(null);
    const result = await remove({ id: postId });
    const payload = result.data?.deletePost;
    if (result.error || !payload || payload.errors.length > 0) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "The post wasn't deleted."));
      return;
    }
    onDeleted();
  }

  return (
    <div className={styles.ownActions}>
      {mode === "editing" ? (
        <div className={styles.ownEdit}>
          <TextAreaField label="Caption" hint="Hashtags are read from the caption." value={draft} maxLength={MAX_CAPTION} onChange={(e) => setDraft(e.target.value)} autoFocus />
          <div className={styles.ownButtons}>
            <Button busy={saving} onClick={() => void save()}>
              Save caption
            </Button>
            <Button variant="ghost" onClick={() => setMode("idle")}>
              Cancel
            </Button>
          </div>
        </div>
      ) : mode === "tagging" ? (
        <TagEditor
          postId={postId}
          images={images}
          tags={tags}
          onCancel={() => setMode("idle")}
          onSaved={() => {
            setMode("idle");
            setNotice("Product tags saved.");
            onTagsSaved?.();
          }}
        />
      ) : mode === "deleting" ? (
        <div className={styles.ownEdit} role="group" aria-label="Delete this post">
          <p>Delete this post? It leaves your profile and every feed, and its photos stop being shown.</p>
          <div className={styles.ownButtons}>
            <Button variant="danger" busy={deleting} onClick={() => void confirmDelete()}>
              Delete post
            </Button>
            <Button variant="ghost" onClick={() => setMode("idle")}>
              Keep it
            </Button>
          </div>
        </div>
      ) : (
        <div className={styles.ownButtons}>
          <Button variant="secondary" onClick={() => { setDraft(caption); setNotice(null); setMode("editing"); }}>
            Edit caption
          </Button>
          {images.length > 0 ? (
            <Button variant="secondary" onClick={() => { setNotice(null); setMode("tagging"); }}>
              Edit tags
            </Button>
          ) : null}
          <Button variant="ghost" onClick={() => setMode("deleting")}>
            Delete
          </Button>
        </div>
      )}
      {notice && mode === "idle" ? (
        <p className={styles.ownNotice} role="status">
          {notice}
        </p>
      ) : null}
      {problem ? (
        <p className={styles.ownProblem} role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
