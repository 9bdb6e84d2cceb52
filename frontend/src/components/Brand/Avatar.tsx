import { initials } from "../../lib/format";
import { Icon } from "../Icon/Icon";
import styles from "./Avatar.module.css";

interface AvatarProps {
  name: string;
  url?: string | null;
  size?: number;
}

// A stable hue per name, so a person keeps their colour everywhere.
function hueOf(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return hash;
}

export function Avatar({ name, url, size = 36 }: AvatarProps) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4) };
  if (url) {
    return <img className={styles.avatar} src={url} alt="" style={style} />;
  }
  return (
    <span
      className={styles.avatar}
      aria-hidden="true"
      style={{ ...style, background: `hsl(${hueOf(name)} 62% 88%)`, color: `hsl(${hueOf(name)} 55% 28%)` }}
    >
      {initials(name) || <Icon name="user" size={Math.round(size * 0.55)} />}
    </span>
  );
}
