import { useState } from "react";
import { useNavigate } from "react-router";
import { useQuery } from "urql";

import { CollectionCards } from "../components/Collections/CollectionCards";
import styles from "../components/Collections/Collections.module.css";
import { SavedLooks } from "../components/Collections/LookGrid";
import { NewCollectionForm } from "../components/Collections/NewCollectionForm";
import { collectionPath } from "../components/Collections/SaveSheet";
import { ErrorState } from "../components/Feedback/ErrorState";
import { Button } from "../components/Form/Button";
import { Icon } from "../components/Icon/Icon";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { MyCollectionsQuery } from "../lib/graphql/collections";
import { describeError } from "../lib/graphql/errors";

/** The viewer's saved looks (/saved): their collections, then everything saved. */
export function SavedPage() {
  useDocumentTitle("Saved");
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [{ data, error }, reload] = useQuery({ query: MyCollectionsQuery, requestPolicy: "cache-and-network" });
  const collections = data?.myCollections?.nodes ?? [];
  return (
    <Page narrow>
      <PageHeader title="Saved" description="Looks you saved, and the collections you sort them into. Only you see private ones." />
      <section className={styles.section} aria-labelledby="collections-title">
        <div className={styles.sectionHead}>
          <h2 id="collections-title" className={styles.sectionTitle}>
            Collections
          </h2>
          {creating ? null : (
            <Button variant="secondary" icon={<Icon name="plus" size={18} />} onClick={() => setCreating(true)}>
              New collection
            </Button>
          )}
        </div>
        {creating ? (
          <NewCollectionForm
            onCreated={(collection) => {
              setCreating(false);
              reload({ requestPolicy: "network-only" });
              void navigate(collectionPath(collection.id));
            }}
            onCancel={() => setCreating(false)}
          />
        ) : null}
        {error && !data ? (
          <ErrorState title="We couldn't load your collections" problem={describeError(error)} onRetry={() => reload({ requestPolicy: "network-only" })} />
        ) : collections.length > 0 ? (
          <CollectionCards collections={collections} label="Your collections" />
        ) : data ? (
          <p className={styles.rowMeta}>No collections yet: make one here or from the Save sheet on any look.</p>
        ) : null}
      </section>
      <section className={styles.section} aria-labelledby="all-saved-title">
        <h2 id="all-saved-title" className={styles.sectionTitle}>
          All saved
        </h2>
        <SavedLooks />
      </section>
    </Page>
  );
}
