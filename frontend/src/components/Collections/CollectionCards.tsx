import { Link } from "react-router";

import type { CollectionCard } from "../../lib/graphql/collections";
import { Icon } from "../Icon/Icon";
import styles from "./Collections.module.css";
import { collectionPath } from "./SaveSheet";

export function lookCount(count: number): string {
  return count === 1 ? "1 look" : `${count} looks`;
}

/** Collections as cards: the latest look as cover, the name, privacy and count. */
export function CollectionCards({ collections, label }: { collections: readonly CollectionCard[]; label: string }) {
  return (
    <ul className={styles.cards} aria-label={label}>
      {collections.map((collection) => (
        <li key={collection.id}>
          <Link className={styles.card} to={collectionPath(collection.id)}>
            <span className={styles.cardCover}>
              {collection.cover ? <img src={collection.cover.thumb} alt="" loading="lazy" /> : <Icon name="bookmark" size={26} />}
            </span>
            <span className={styles.cardName}>{collection.name}</span>
            <span className={styles.rowMeta}>
              {collection.isPublic ? null : <Icon name="lock" size={12} />}
              {collection.isPublic ? "Public" : "Private"} · {lookCount(collection.postCount)}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
