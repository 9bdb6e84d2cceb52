import type { ReactNode } from "react";

import { Logo } from "../Brand/Logo";
import { Spinner } from "./Spinner";
import styles from "./Feedback.module.css";

/** The whole window while the app learns who is signed in, or when it cannot. */
export function FullPageStatus({ children }: { children?: ReactNode }) {
  return (
    <div className={styles.fullPage}>
      <Logo />
      {children ?? (
        <div className={styles.fullPageLoading}>
          <Spinner size={22} label={null} />
          <span role="status">Loading your workspace…</span>
        </div>
      )}
    </div>
  );
}
