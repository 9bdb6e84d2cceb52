import { NavLink } from "react-router";

import { useSession, useViewer } from "../../hooks/useAuth";
import { navFor } from "../../lib/navigation";
import { Icon } from "../Icon/Icon";
import styles from "./Shell.module.css";

export function NavMenu() {
  const viewer = useViewer();
  const { signOut } = useSession();
  const sections = navFor(viewer.role);
  return (
    <nav className={styles.nav} aria-label="Main">
      {sections.map((section) => (
        <div key={section.id} className={styles.navSection}>
          {section.title ? (
            <h2 className={styles.navTitle} id={`nav-${section.id}`}>
              {section.title}
            </h2>
          ) : null}
          <ul
            className={styles.navList}
            aria-labelledby={section.title ? `nav-${section.id}` : undefined}
          >
            {section.items.map((item) => (
              <li key={item.id}>
                <NavLink
                  to={item.path}
                  className={({ isActive }) =>
                    `${styles.navLink} ${isActive ? styles.navLinkActive : ""}`
                  }
                >
                  <Icon name={item.icon} size={20} />
                  <span>{item.label}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className={`${styles.navSection} ${styles.navFooter}`}>
        <ul className={styles.navList}>
          <li>
            <NavLink
              to="/profile"
              className={({ isActive }) => `${styles.navLink} ${isActive ? styles.navLinkActive : ""}`}
            >
              <Icon name="user" size={20} />
              <span>Profile</span>
            </NavLink>
          </li>
          <li className={styles.navOnlyNarrow}>
            <button type="button" className={styles.navLink} onClick={signOut}>
              <Icon name="logout" size={20} />
              <span>Log out</span>
            </button>
          </li>
        </ul>
      </div>
    </nav>
  );
}
