import { useId, useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { CreateCollectionMutation, type CollectionCard } from "../../lib/graphql/collections";
import { describeError } from "../../lib/graphql/errors";
import { Button } from "../Form/Button";
import { TextField } from "../Form/Field";
import styles from "./Collections.module.css";

/** Mirrors the server's limit (posts.collections.NAME_MAX); the server has the last word. */
export const COLLECTION_NAME_MAX = 40;

interface NewCollectionFormProps {
  onCreated: (collection: CollectionCard) => void | Promise<void>;
  onCancel?: () => void;
}

/** Name a new collection, private unless the person ticks "Show on my profile". */
export function NewCollectionForm({ onCreated, onCancel }: NewCollectionFormProps) {
  const publicId = useId();
  const [name, setName] = useState("");
  const [isPublic, setPublic] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, create] = useMutation(CreateCollectionMutation);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    const result = await create({ name, isPublic });
    const payload = result.data?.createCollection;
    if (result.error || !payload?.collection) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't work."));
      return;
    }
    setName("");
    await onCreated(payload.collection);
  }

  return (
    <form className={styles.newForm} onSubmit={(event) => void submit(event)} aria-label="New collection" noValidate>
      <TextField
        label="Collection name"
        name="collectionName"
        maxLength={COLLECTION_NAME_MAX}
        placeholder="Summer weddings"
        value={name}
        autoFocus
        onChange={(event) => setName(event.target.value)}
        error={problem ?? undefined}
      />
      <label className={styles.checkbox} htmlFor={publicId}>
        <input id={publicId} type="checkbox" checked={isPublic} onChange={(event) => setPublic(event.target.checked)} />
        Show on my profile (public)
      </label>
      <div className={styles.formActions}>
        <Button type="submit" busy={fetching} disabled={name.trim() === ""}>
          Create
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
