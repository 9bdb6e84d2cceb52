import type { ButtonHTMLAttributes, ReactNode } from "react";

import { Spinner } from "../Feedback/Spinner";
import styles from "./Button.module.css";

type Variant = "primary" | "secondary" | "ghost" | "danger";

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  /** Shows a spinner and blocks a second submit while the request is out. */
  busy?: boolean;
  block?: boolean;
  icon?: ReactNode;
}

export function Button({
  variant = "primary",
  busy = false,
  block = false,
  icon,
  children,
  className,
  disabled,
  type = "button",
  ...rest
}: ButtonProps) {
  const classes = [styles.button, styles[variant], block ? styles.block : "", className ?? ""]
    .filter(Boolean)
    .join(" ");
  return (
    <button
      type={type}
      className={classes}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <Spinner size={16} label={null} /> : icon}
      <span>{children}</span>
    </button>
  );
}
