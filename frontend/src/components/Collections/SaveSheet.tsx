import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";

import {
  AddToCollectionMutation,
  RemoveFromCollectionMutation,
  RemoveFromSavedMutation,
  SaveSheetCollectionsQuery,
  type SheetCollection,
} from "../../lib/graphql/collections";
import { describeError } from "../../lib/graphql/errors";
import { Spinner } from "../Feedback/Spinner";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import styles from "./Collections.module.css";
import { NewCollectionForm } from "./NewCollectionForm";

export const SAVED_PATH = "/saved";

export function collectionPath(id: string): string {
  return `/collections/${encodeURIComponent(id)}`;
}

interface SaveSheetProps {
  postId: string;
  onClose: () => void;
  /** The look is out of Saved (and of every collection): its counts as the server has them. */
  onUnsaved: (post: UnsavedPost) => void;
}

export interface UnsavedPost {
  saveCount: number;
  viewerHasSaved: boolean;
}

/**
 * What opens when a look is saved: "Saved", the viewer's collections with a tick on those that
 * hold it (tap to add or take out), and a new collection made and filled in one go.
 */
export function SaveSheet({ postId, onClose, onUnsaved }: SaveSheetProps) {
  const [{ data, fetching, error }, reload] = useQuery({
    query: SaveSheetCollectionsQuery,
    variables: { postId },
    requestPolicy: "network-only",
  });
  const [, add] = useMutation(AddToCollectionMutation);
  const [, remove] = useMutation(RemoveFromCollectionMutation);
  const [{ fetching: unsaving }, unsave] = useMutation(RemoveFromSavedMutation);
  const [rows, setRows] = useState<SheetCollection[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const dialog = useRef<HTMLElement>(null);
  const shown = rows ?? data?.myCollections?.nodes ?? null;

  useEffect(() => {
    if (data?.myCollections) setRows(data.myCollections.nodes);
  }, [data]);

  useEffect(() => {
    dialog.current?.focus();
    function onKey(event: KeyboardEvent) {
      if (event.key === "Escape") onClose();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  async function toggle(row: SheetCollection) {
    setProblem(null);
    setBusy(row.id);
    const variables = { collectionId: row.id, postId };
    const result = row.hasPost ? await remove(variables) : await add(variables);
    setBusy(null);
    const payload = result.data ? ("addToCollection" in result.data ? result.data.addToCollection : result.data.removeFromCollection) : null;
    if (result.error || !payload?.collection) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't work."));
      return;
    }
    const changed = payload.collection;
    setRows((current) => (current ?? []).map((r) => (r.id === changed.id ? { ...r, ...changed } : r)));
  }

  async function removeFromSaved() {
    setProblem(null);
    const result = await unsave({ postId });
    const payload = result.data?.removeFromSaved;
    if (result.error || !payload?.post) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't work."));
      return;
    }
    onUnsaved(payload.post);
  }

  async function created(collection: { id: string }) {
    setCreating(false);
    const result = await add({ collectionId: collection.id, postId });
    const payload = result.data?.addToCollection;
    if (result.error || !payload?.collection) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't work."));
    }
    setRows(null);
    reload({ requestPolicy: "network-only" });
  }

  // On the page's body: a card's layout (overflow, transforms) never clips the sheet.
  return createPortal(
    <div className={styles.backdrop} onClick={onClose}>
      <section
        ref={dialog}
        className={styles.sheet}
        role="dialog"
        aria-modal="true"
        aria-labelledby="save-sheet-title"
        tabIndex={-1}
        onClick={(event) => event.stopPropagation()}
      >
        <div className={styles.sheetHead}>
          <h2 id="save-sheet-title" className={styles.sheetTitle}>
            <Icon name="bookmark" size={20} fill="currentColor" />
            Saved
          </h2>
          <Button variant="ghost" busy={unsaving} onClick={() => void removeFromSaved()}>
            Remove
          </Button>
          <button type="button" className={styles.iconButton} aria-label="Close" onClick={onClose}>
            <Icon name="close" size={20} />
          </button>
        </div>
        <p className={styles.sheetSub}>Add to collection</p>
        {!shown && fetching ? <Spinner label="Loading your collections" /> : null}
        {error && !shown ? <p className={styles.problem} role="alert">{describeError(error).message}</p> : null}
        {shown && shown.length > 0 ? (
          <ul className={styles.rows} aria-label="Your collections">
            {shown.map((row) => (
              <li key={row.id}>
                <button
                  type="button"
                  className={styles.row}
                  aria-pressed={row.hasPost}
                  disabled={busy === row.id}
                  onClick={() => void toggle(row)}
                >
                  <span className={styles.rowThumb} aria-hidden="true">
                    {row.cover ? <img src={row.cover.thumb} alt="" /> : <Icon name="image" size={18} />}
                  </span>
                  <span className={styles.rowText}>
                    <span className={styles.rowName}>{row.name}</span>
                    <span className={styles.rowMeta}>
                      {row.isPublic ? null : <Icon name="lock" size={12} />}
                      {row.isPublic ? "Public" : "Private"} · {row.postCount === 1 ? "1 look" : `${row.postCount} looks`}
                    </span>
                  </span>
                  {busy === row.id ? (
                    <Spinner size={16} label={null} />
                  ) : row.hasPost ? (
                    <span className={styles.rowCheck}>
                      <Icon name="check" size={20} />
                      <span className="visually-hidden">In this collection</span>
                    </span>
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {problem ? <p className={styles.problem} role="alert">{problem}</p> : null}
        {creating ? (
          <NewCollectionForm onCreated={(collection) => created(collection)} onCancel={() => setCreating(false)} />
        ) : (
          <Button variant="secondary" icon={<Icon name="plus" size={18} />} onClick={() => setCreating(true)}>
            New collection
          </Button>
        )}
        <Link className={styles.footerLink} to={SAVED_PATH}>
          See all saved
        </Link>
      </section>
    </div>,
    document.body,
  );
}
