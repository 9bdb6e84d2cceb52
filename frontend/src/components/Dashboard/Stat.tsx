import type { ReactNode } from "react";

import styles from "./Dashboard.module.css";

interface StatProps {
  label: string;
  value: ReactNode;
  note?: ReactNode;
  /** Colour of the series this figure belongs to in the chart beside it. */
  swatch?: string;
  highlight?: boolean;
}

/** One headline figure. */
export function Stat({ label, value, note, swatch, highlight = false }: StatProps) {
  return (
    <div className={`${styles.stat} ${highlight ? styles.highlight : ""}`}>
      <dt className={styles.statLabel}>
        {swatch ? <span className={styles.swatch} style={{ background: swatch }} aria-hidden="true" /> : null}
        {label}
      </dt>
      <dd className={styles.statValue} style={{ margin: 0 }}>
        {value}
      </dd>
      {note ? <dd className={styles.statNote} style={{ margin: 0 }}>{note}</dd> : null}
    </div>
  );
}

export function Stats({ children, label }: { children: ReactNode; label: string }) {
  return (
    <dl className={styles.stats} aria-label={label} style={{ margin: 0 }}>
      {children}
    </dl>
  );
}

interface SegmentedProps<Value extends string> {
  label: string;
  value: Value;
  options: readonly { value: Value; label: string }[];
  onChange: (value: Value) => void;
}

/** A small set of mutually exclusive choices (a period, a model). */
export function Segmented<Value extends string>({ label, value, options, onChange }: SegmentedProps<Value>) {
  return (
    <div className={styles.segmented} role="radiogroup" aria-label={label}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={option.value === value}
          className={styles.segment}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
