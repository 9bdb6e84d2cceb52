import type { ReactNode } from "react";

import type { Problem } from "../../lib/graphql/errors";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import styles from "./Feedback.module.css";

interface ErrorStateProps {
  title?: string;
  problem: Problem;
  onRetry?: () => void;
  /** Extra actions beside "Try again". */
  children?: ReactNode;
}

export function ErrorState({ title = "We couldn't load this", problem, onRetry, children }: ErrorStateProps) {
  return (
    <div className={`${styles.state} ${styles.error}`} role="alert">
      <span className={styles.stateIcon}>
        <Icon name={problem.kind === "forbidden" ? "lock" : "alert"} size={26} />
      </span>
      <h2 className={styles.stateTitle}>{title}</h2>
      <p className={styles.stateText}>{problem.message}</p>
      {onRetry || children ? (
        <div className={styles.stateAction}>
          {onRetry ? (
            <Button variant="secondary" icon={<Icon name="refresh" size={18} />} onClick={onRetry}>
              Try again
            </Button>
          ) : null}
          {children}
        </div>
      ) : null}
    </div>
  );
}
