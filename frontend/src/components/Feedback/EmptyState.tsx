import type { ReactNode } from "react";

import { Icon, type IconName } from "../Icon/Icon";
import styles from "./Feedback.module.css";

interface EmptyStateProps {
  icon?: IconName;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}

export function EmptyState({ icon = "sparkle", title, children, action }: EmptyStateProps) {
  return (
    <div className={styles.state}>
      <span className={styles.stateIcon}>
        <Icon name={icon} size={26} />
      </span>
      <h2 className={styles.stateTitle}>{title}</h2>
      {children ? <div className={styles.stateText}>{children}</div> : null}
      {action ? <div className={styles.stateAction}>{action}</div> : null}
    </div>
  );
}
