import { useId } from "react";

import styles from "./Logo.module.css";

interface LogoProps {
  /** Hide the word when space is short; the mark then carries the name. */
  compact?: boolean;
  /** Keep only the mark on phone-sized screens. */
  collapsible?: boolean;
  /** White word mark, for dark backgrounds. */
  inverted?: boolean;
  size?: number;
}

export function Logo({ compact = false, collapsible = false, inverted = false, size = 30 }: LogoProps) {
  // Per-instance id: a gradient referenced by a shared id vanishes when its first copy is hidden.
  const gradient = `${useId()}-mark`;
  return (
    <span className={styles.logo}>
      <svg
        className={styles.mark}
        width={size}
        height={size}
        viewBox="0 0 32 32"
        role="img"
        aria-label={compact ? "Trendloop" : undefined}
        aria-hidden={compact ? undefined : true}
      >
        <defs>
          <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
            <stop offset="0" stopColor="#f0527f" />
            <stop offset="1" stopColor="#a8174a" />
          </linearGradient>
        </defs>
        <rect width="32" height="32" rx="9" fill={`url(#${gradient})`} />
        <path
          d="M21.5 11.2A7 7 0 1 0 23 16"
          fill="none"
          stroke="#fff"
          strokeWidth="2.6"
          strokeLinecap="round"
        />
        <path d="M19.4 8.6l3.1 2.9-3.9 1.4" fill="none" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
        <circle cx="16" cy="16" r="2.2" fill="#fff" />
      </svg>
      {compact ? null : (
        <span className={[styles.word, collapsible ? styles.collapsible : "", inverted ? styles.inverted : ""].join(" ")}>Trendloop</span>
      )}
    </span>
  );
}
