import type { SupplierGrade } from "../../lib/graphql/suppliers";
import { GRADE_TONE, gradeMeaning, type Tone } from "../../lib/suppliers";
import dash from "../Dashboard/Dashboard.module.css";
import styles from "./Suppliers.module.css";

const TONE_CLASS: Record<Tone, string | undefined> = {
  green: styles.toneGreen,
  blue: styles.toneBlue,
  amber: styles.toneAmber,
  red: styles.toneRed,
  neutral: styles.toneNeutral,
};

const BADGE_CLASS: Record<Tone, string | undefined> = {
  green: dash.badgeGreen,
  blue: dash.badgeBlue,
  amber: dash.badgeAmber,
  red: dash.badgeRed,
  neutral: "",
};

/** A grade as a coloured tile: S and A green, B blue, C amber, D red. */
export function GradeBadge({ grade, big = false }: { grade: SupplierGrade; big?: boolean }) {
  return (
    <span
      className={`${styles.grade} ${big ? styles.gradeBig : ""} ${TONE_CLASS[GRADE_TONE[grade]] ?? ""}`}
      data-grade={grade}
      title={`Grade ${grade}: ${gradeMeaning(grade)}`}
      aria-label={`Grade ${grade}`}
    >
      {grade}
    </span>
  );
}

/** A small pill in a tone (an order's state, a lead time). */
export function ToneBadge({ tone, children, ...rest }: { tone: Tone; children: React.ReactNode } & React.HTMLAttributes<HTMLSpanElement>) {
  return (
    <span className={`${dash.badge} ${BADGE_CLASS[tone] ?? ""}`} {...rest}>
      {children}
    </span>
  );
}
