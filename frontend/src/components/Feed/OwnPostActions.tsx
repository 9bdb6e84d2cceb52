import { useState } from "react";
import { useMutation } from "urql";

import { describeError } from "../../lib/graphql/errors";
import { DeletePostMutation, EditPostCaptionMutation } from "../../lib/graphql/posts";
import { Button } from "../Form/Button";
import { TextAreaField } from "../Form/Field";
import styles from "./Feed.module.css";

const MAX_CAPTION = 2200;

interface OwnPostActionsProps {
  postId: string;
  caption: string;
  onDeleted: () => void;
}

/** The author's own tools on their post: change the caption, or delete the post. */
export function OwnPostActions({ postId, caption, onDeleted }: OwnPostActionsProps) {
  const [mode, setMode] = useState<"idle" | "editing" | "deleting">("idle");
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
          <Button variant="secondary" onClick={() => { setDraft(caption); setMode("editing"); }}>
            Edit caption
          </Button>
          <Button variant="ghost" onClick={() => setMode("deleting")}>
            Delete
          </Button>
        </div>
      )}
      {problem ? (
        <p className={styles.ownProblem} role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
