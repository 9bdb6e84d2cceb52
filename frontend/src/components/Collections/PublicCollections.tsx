import { useQuery } from "urql";

import { PersonCollectionsQuery } from "../../lib/graphql/collections";
import { CollectionCards } from "./CollectionCards";
import styles from "./Collections.module.css";

/** A person's public collections on their profile (all of them on one's own); nothing when none. */
export function PublicCollections({ userId, name }: { userId: string; name: string }) {
  const [{ data }] = useQuery({ query: PersonCollectionsQuery, variables: { id: userId }, requestPolicy: "cache-and-network" });
  const collections = data?.user?.collections.nodes ?? [];
  if (collections.length === 0) return null;
  return (
    <section className={styles.section} aria-labelledby="person-collections-title">
      <h2 id="person-collections-title" className={styles.sectionTitle}>
        Collections
      </h2>
      <CollectionCards collections={collections} label={`${name}'s collections`} />
    </section>
  );
}
