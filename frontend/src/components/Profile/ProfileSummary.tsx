import type { ReactNode } from "react";

import { formatDate, marketLabel } from "../../lib/format";
import type { Viewer } from "../../lib/graphql/types";
import { Avatar } from "../Brand/Avatar";
import { RoleBadge } from "../Brand/RoleBadge";
import styles from "./Profile.module.css";

/** `avatar` replaces the plain picture (the profile page passes its picture upload). */
export function ProfileSummary({ viewer, avatar }: { viewer: Viewer; avatar?: ReactNode }) {
  return (
    <section className={styles.summary} aria-label="Account">
      {avatar ?? <Avatar name={viewer.displayName} url={viewer.avatarUrl} size={72} />}
      <div className={styles.summaryText}>
        <p className={styles.summaryName}>{viewer.displayName}</p>
        <RoleBadge role={viewer.role} />
        {viewer.bio ? <p className={styles.summaryBio}>{viewer.bio}</p> : null}
      </div>
      <dl className={styles.facts}>
        <div>
          <dt>Email</dt>
          <dd>{viewer.email}</dd>
        </div>
        <div>
          <dt>Home market</dt>
          <dd>{viewer.homeMarket ? marketLabel(viewer.homeMarket) : "Not set"}</dd>
        </div>
        <div>
          <dt>Member since</dt>
          <dd>{formatDate(viewer.createdAt)}</dd>
        </div>
      </dl>
    </section>
  );
}
