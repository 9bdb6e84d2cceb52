import type { TrendState } from "../../lib/graphql/trends";
import { STATE_LABELS } from "../../lib/trends";
import styles from "../Dashboard/Dashboard.module.css";
import local from "./Trends.module.css";

export const STATE_COLOURS: Record<TrendState, string> = {
  EMERGING: "#d62e63",
  RISING: "#e07b1a",
  PEAKING: "#7a4bd1",
  COOLING: "#2a8fa8",
  DECLINING: "#6b7280",
  STEADY: "#4f6bed",
};

const CLASSES: Record<TrendState, string | undefined> = {
  EMERGING: styles.badgePink,
  RISING: styles.badgeAmber,
  PEAKING: styles.badgeBlue,
  COOLING: local.badgeCooling,
  DECLINING: undefined,
  STEADY: styles.badgeBlue,
};

export function StateBadge({ state }: { state: TrendState }) {
  return (
    <span className={`${styles.badge} ${CLASSES[state] ?? ""}`} data-state={state}>
      {STATE_LABELS[state]}
    </span>
  );
}
