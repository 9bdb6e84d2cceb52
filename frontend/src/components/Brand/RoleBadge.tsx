import { roleLabel } from "../../lib/format";
import type { Role } from "../../lib/graphql/types";
import styles from "./RoleBadge.module.css";

export function RoleBadge({ role }: { role: Role }) {
  return <span className={`${styles.badge} ${styles[role.toLowerCase()] ?? ""}`}>{roleLabel(role)}</span>;
}
