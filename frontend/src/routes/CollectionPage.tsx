import { useId, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { useMutation, useQuery } from "urql";

import { Avatar } from "../components/Brand/Avatar";
import { lookCount } from "../components/Collections/CollectionCards";
import styles from "../components/Collections/Collections.module.css";
import { CollectionLooks } from "../components/Collections/LookGrid";
import { COLLECTION_NAME_MAX } from "../components/Collections/NewCollectionForm";
import { SAVED_PATH } from "../components/Collections/SaveSheet";
import { EmptyState } from "../components/Feedback/EmptyState";
import { ErrorState } from "../components/Feedback/ErrorState";
import { Skeleton } from "../components/Feedback/Skeleton";
import { Button } from "../components/Form/Button";
import { TextField } from "../components/Form/Field";
import { Icon } from "../components/Icon/Icon";
import { Page } from "../components/Page/PageHeader";
import { PersonLink } from "../components/Profile/PersonLink";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import {
  CollectionPageQuery,
  DeleteCollectionMutation,
  RemoveFromCollectionMutation,
  UpdateCollectionMutation,
  type CollectionDetail,
  type SavedLook,
} from "../lib/graphql/collections";
import { describeError } from "../lib/graphql/errors";

function isNotFound(error: { graphQLErrors: { extensions?: Record<string, unknown> }[] }): boolean {
  return error.graphQLErrors.some((e) => e.extensions?.["code"] === "NOT_FOUND" || e.extensions?.["code"] === "INVALID_ID");
}

/** One collection (/collections/:id): its looks; its owner renames, shares or deletes it. */
export function CollectionPage() {
  const id = useParams()["id"] ?? "";
  const [{ data, fetching, error }, reload] = useQuery({ query: CollectionPageQuery, variables: { id }, requestPolicy: "cache-and-network" });
  const collection = data?.collection ?? null;
  const [, remove] = useMutation(RemoveFromCollectionMutation);
  const [problem, setProblem] = useState<string | null>(null);
  useDocumentTitle(collection ? collection.name : "Collection");

  if (!data && fetching) {
    return (
      <Page narrow>
        <Skeleton width="60%" height={24} />
        <span className="visually-hidden" role="status">
          Loading collection
        </span>
      </Page>
    );
  }
  if (!collection) {
    if (error && !isNotFound(error)) {
      return (
        <Page narrow>
          <ErrorState title="We couldn't load this collection" problem={describeError(error)} onRetry={() => reload({ requestPolicy: "network-only" })} />
        </Page>
      );
    }
    return (
      <Page narrow>
        <EmptyState icon="lock" title="This collection isn't available">
          It may have been deleted, or its owner keeps it private.
        </EmptyState>
      </Page>
    );
  }

  async function takeOut(look: SavedLook): Promise<boolean> {
    setProblem(null);
    const result = await remove({ collectionId: id, postId: look.id });
    const payload = result.data?.removeFromCollection;
    if (result.error || !payload?.collection) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't work."));
      return false;
    }
    reload({ requestPolicy: "network-only" });
    return true;
  }

  return (
    <Page narrow>
      <CollectionHead key={collection.id} collection={collection} />
      {problem ? (
        <p className={styles.problem} role="alert">
          {problem}
        </p>
      ) : null}
      <section className={styles.section} aria-label="Looks">
        <CollectionLooks collectionId={collection.id} name={collection.name} onRemove={collection.viewerIsOwner ? takeOut : undefined} />
      </section>
    </Page>
  );
}

function CollectionHead({ collection }: { collection: CollectionDetail }) {
  const [editing, setEditing] = useState(false);
  const owner = collection.owner;
  return (
    <section className={styles.head} aria-labelledby="collection-title">
      <h1 id="collection-title" className={styles.title} tabIndex={-1}>
        {collection.name}
      </h1>
      <div className={styles.meta}>
        <span className={styles.badge}>
          {collection.isPublic ? <Icon name="users" size={12} /> : <Icon name="lock" size={12} />}
          {collection.isPublic ? "Public" : "Private"}
        </span>
        <span>{lookCount(collection.postCount)}</span>
        {owner && !collection.viewerIsOwner ? (
          <PersonLink handle={owner.handle} className={styles.owner}>
            <Avatar name={owner.displayName} url={owner.avatarUrl} size={24} />
            {owner.displayName}
          </PersonLink>
        ) : null}
      </div>
      {collection.viewerIsOwner ? (
        editing ? (
          <EditCollection collection={collection} onDone={() => setEditing(false)} />
        ) : (
          <div className={styles.formActions}>
            <Button variant="secondary" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <DeleteCollection id={collection.id} name={collection.name} />
          </div>
        )
      ) : null}
    </section>
  );
}

function EditCollection({ collection, onDone }: { collection: CollectionDetail; onDone: () => void }) {
  const publicId = useId();
  const [name, setName] = useState(collection.name);
  const [isPublic, setPublic] = useState(collection.isPublic);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, update] = useMutation(UpdateCollectionMutation);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    const result = await update({ id: collection.id, name, isPublic });
    const payload = result.data?.updateCollection;
    if (result.error || !payload?.collection) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't work."));
      return;
    }
    onDone();
  }
  return (
    <form className={styles.newForm} onSubmit={(event) => void submit(event)} aria-label="Edit collection" noValidate>
      <TextField
        label="Collection name"
        name="collectionName"
        maxLength={COLLECTION_NAME_MAX}
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={problem ?? undefined}
      />
      <label className={styles.checkbox} htmlFor={publicId}>
        <input id={publicId} type="checkbox" checked={isPublic} onChange={(event) => setPublic(event.target.checked)} />
        Show on my profile (public)
      </label>
      <div className={styles.formActions}>
        <Button type="submit" busy={fetching}>
          Save
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function DeleteCollection({ id, name }: { id: string; name: string }) {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, destroy] = useMutation(DeleteCollectionMutation);
  async function confirm() {
    setProblem(null);
    const result = await destroy({ id });
    const payload = result.data?.deleteCollection;
    if (result.error || !payload?.deletedId) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't work."));
      return;
    }
    void navigate(SAVED_PATH, { replace: true });
  }
  if (!confirming) {
    return (
      <Button variant="ghost" onClick={() => setConfirming(true)}>
        Delete
      </Button>
    );
  }
  return (
    <div role="group" aria-label={`Delete ${name}?`} className={styles.formActions}>
      <span className={styles.rowMeta}>Delete “{name}”? Its looks stay saved.</span>
      <Button variant="danger" busy={fetching} onClick={() => void confirm()}>
        Delete collection
      </Button>
      <Button variant="ghost" onClick={() => setConfirming(false)}>
        Keep it
      </Button>
      {problem ? (
        <p className={styles.problem} role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
