import { useState } from "react";

import { Icon } from "../Icon/Icon";
import styles from "./Dashboard.module.css";

/** Copies a value; says so for a moment. Without clipboard access it shows the value to copy. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      setState("copied");
      window.setTimeout(() => setState("idle"), 2000);
    } catch {
      setState("failed");
    }
  }
  if (state === "failed") {
    return <input className={styles.copyInput} value={value} readOnly aria-label={label} autoFocus onFocus={(e) => e.target.select()} />;
  }
  return (
    <button type="button" className={styles.segment} onClick={() => void copy()} aria-label={label}>
      <span className={styles.row} style={{ gap: 6 }}>
        <Icon name={state === "copied" ? "check" : "copy"} size={16} />
        {state === "copied" ? "Copied" : "Copy"}
      </span>
    </button>
  );
}
