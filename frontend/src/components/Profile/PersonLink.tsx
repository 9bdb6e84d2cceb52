import type { ReactNode } from "react";
import { Link } from "react-router";

import { profilePath } from "../../lib/profiles";
import styles from "./People.module.css";

interface PersonLinkProps {
  handle: string | null | undefined;
  children: ReactNode;
  className?: string;
  /** What a screen reader hears, when the children are only a picture. */
  label?: string;
  /** Left out of the tab order (an avatar beside a name that is itself a link). */
  quiet?: boolean;
}

/** A person's name or avatar, leading to their profile (plain text when there is none). */
export function PersonLink({ handle, children, className, label, quiet = false }: PersonLinkProps) {
  if (!handle) return <span className={className}>{children}</span>;
  return (
    <Link
      className={`${styles.personLink} ${className ?? ""}`}
      to={profilePath(handle)}
      aria-label={label}
      aria-hidden={quiet ? true : undefined}
      tabIndex={quiet ? -1 : undefined}
    >
      {children}
    </Link>
  );
}
