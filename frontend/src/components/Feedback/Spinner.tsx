import styles from "./Feedback.module.css";

interface SpinnerProps {
  size?: number;
  /** What is loading, for screen readers; null when the surrounding text already says it. */
  label?: string | null;
}

export function Spinner({ size = 20, label = "Loading" }: SpinnerProps) {
  return (
    <span
      className={styles.spinner}
      style={{ width: size, height: size }}
      role={label ? "status" : undefined}
      aria-label={label ?? undefined}
      aria-hidden={label ? undefined : true}
    />
  );
}
