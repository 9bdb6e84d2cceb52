import type { RefObject } from "react";
import { Link } from "react-router";

import { useSession, useViewer } from "../../hooks/useAuth";
import { homePathFor } from "../../lib/navigation";
import { Avatar } from "../Brand/Avatar";
import { Logo } from "../Brand/Logo";
import { RoleBadge } from "../Brand/RoleBadge";
import { Icon } from "../Icon/Icon";
import { NotificationBell } from "../Notifications/NotificationBell";
import styles from "./Shell.module.css";

interface TopBarProps {
  menuOpen: boolean;
  menuButtonRef: RefObject<HTMLButtonElement | null>;
  onToggleMenu: () => void;
}

export function TopBar({ menuOpen, menuButtonRef, onToggleMenu }: TopBarProps) {
  const viewer = useViewer();
  const { signOut } = useSession();
  return (
    <header className={styles.topbar}>
      <button
        ref={menuButtonRef}
        type="button"
        className={styles.menuButton}
        aria-expanded={menuOpen}
        aria-controls="app-navigation"
        onClick={onToggleMenu}
      >
        <Icon name={menuOpen ? "close" : "menu"} size={22} />
        <span className="visually-hidden">{menuOpen ? "Close menu" : "Menu"}</span>
      </button>
      <Link to={homePathFor(viewer.role)} className={styles.brandLink} aria-label="Trendloop home">
        <Logo collapsible />
      </Link>
      <div className={styles.topbarEnd}>
        <NotificationBell />
        <Link to="/profile" className={styles.account} title="Your profile">
          <Avatar name={viewer.displayName} url={viewer.avatarUrl} size={34} />
          <span className={styles.accountText}>
            <span className={styles.accountName} data-testid="account-name">
              {viewer.displayName}
            </span>
            <RoleBadge role={viewer.role} />
          </span>
        </Link>
        <button type="button" className={styles.logout} onClick={signOut}>
          <Icon name="logout" size={18} />
          <span>Log out</span>
        </button>
      </div>
    </header>
  );
}
