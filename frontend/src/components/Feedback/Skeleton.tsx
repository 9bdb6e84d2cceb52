import styles from "./Feedback.module.css";

interface SkeletonProps {
  width?: number | string;
  height?: number | string;
  radius?: number | string;
}

/** A grey block where content will appear; purely decorative. */
export function Skeleton({ width = "100%", height = 14, radius = 6 }: SkeletonProps) {
  return (
    <span className={styles.skeleton} style={{ width, height, borderRadius: radius }} aria-hidden="true" />
  );
}

/** A card-shaped placeholder for lists that are loading. */
export function SkeletonCard({ lines = 3 }: { lines?: number }) {
  return (
    <div className={styles.skeletonCard} aria-hidden="true">
      <Skeleton width="45%" height={18} />
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} width={i === lines - 1 ? "70%" : "100%"} />
      ))}
    </div>
  );
}
