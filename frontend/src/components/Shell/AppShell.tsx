import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useLocation } from "react-router";

import { NavMenu } from "./NavMenu";
import styles from "./Shell.module.css";
import { TopBar } from "./TopBar";

/**
 * The frame of every signed-in page: top bar, navigation and the page itself.
 * Wide screens show the navigation as a sidebar; narrow ones open it as a drawer from the
 * menu button in the top bar.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLDivElement>(null);
  const location = useLocation();

  const closeMenu = useCallback((restoreFocus: boolean) => {
    setMenuOpen(false);
    if (restoreFocus) menuButton.current?.focus();
  }, []);

  // Following a link closes the drawer; the new page takes focus through its heading.
  useEffect(() => {
    setMenuOpen(false);
  }, [location.pathname]);

  useEffect(() => {
    if (!menuOpen) return;
    drawer.current?.querySelector<HTMLElement>("a, button")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") closeMenu(true);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [menuOpen, closeMenu]);

  return (
    <div className={styles.shell} data-menu-open={menuOpen || undefined}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar
        menuOpen={menuOpen}
        menuButtonRef={menuButton}
        onToggleMenu={() => (menuOpen ? closeMenu(false) : setMenuOpen(true))}
      />
      <div className={styles.body}>
        <div
          ref={drawer}
          id="app-navigation"
          className={`${styles.sidebar} ${menuOpen ? styles.sidebarOpen : ""}`}
        >
          <NavMenu />
        </div>
        {menuOpen ? (
          <div className={styles.scrim} aria-hidden="true" onClick={() => closeMenu(true)} />
        ) : null}
        <main id="main" className={styles.main} tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
