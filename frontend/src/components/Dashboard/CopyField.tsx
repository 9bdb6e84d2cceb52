import { useId, useRef, useState } from "react";

import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import styles from "./Dashboard.module.css";

/** A read-only value with a Copy button; where the clipboard is off limits, the text is
 * selected so the person can copy it by hand. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<"idle" | "copied" | "manual">("idle");
  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      input.current?.select();
      setState("manual");
    }
  }
  return (
    <div style={{ display: "grid", gap: 6 }}>
      <label htmlFor={id} className={styles.filter}>
        {label}
      </label>
      <div className={styles.copyRow}>
        <input ref={input} id={id} className={styles.copyInput} value={value} readOnly onFocus={(e) => e.target.select()} />
        <Button variant="secondary" onClick={() => void copy()} icon={<Icon name={state === "copied" ? "check" : "copy"} size={16} />}>
          {state === "copied" ? "Copied" : "Copy"}
        </Button>
      </div>
      <span role="status" className={styles.small + " " + styles.muted}>
        {state === "copied" ? "Link copied to your clipboard." : state === "manual" ? "Press Ctrl+C (⌘C on a Mac) to copy the selected link." : ""}
      </span>
    </div>
  );
}
