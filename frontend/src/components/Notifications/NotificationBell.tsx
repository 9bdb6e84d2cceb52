import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";

import { useViewer } from "../../hooks/useAuth";
import { MarkNotificationReadMutation, MyNotificationsQuery, type AppNotification } from "../../lib/graphql/admin";
import { describeError } from "../../lib/graphql/errors";
import { formatRelative } from "../../lib/time";
import { Spinner } from "../Feedback/Spinner";
import { Icon } from "../Icon/Icon";
import { BELL_PAGE, BELL_REFRESH_MS, bellLabel, notificationTarget, notificationTitle, unreadCount } from "./notifications";
import styles from "./Notifications.module.css";

/**
 * The top bar's bell: how many notices are unread, and a panel listing the newest ones.
 * Opening a notice marks it read and goes to what it is about. One small query, asked again
 * once a minute while the tab is visible, and when the panel opens.
 */
export function NotificationBell() {
  const viewer = useViewer();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [{ data, error, fetching }, reexecute] = useQuery({ query: MyNotificationsQuery, variables: { first: BELL_PAGE } });
  const [, markRead] = useMutation(MarkNotificationReadMutation);
  const [markProblem, setMarkProblem] = useState<string | null>(null);
  const panelId = useId();
  const titleId = useId();
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") refetch();
    }, BELL_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refetch]);

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }, []);

  // Escape or a click elsewhere closes the panel.
  useEffect(() => {
    if (!open) return;
    headingRef.current?.focus();
    function onKey(event: KeyboardEvent) {
      if (event.key === "Escape") close(true);
    }
    function onPointer(event: PointerEvent) {
      if (wrapRef.current && !wrapRef.current.contains(event.target as Node)) close(false);
    }
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open, close]);

  const page = data?.myNotifications;
  const notifications = page?.nodes ?? [];
  const unread = unreadCount(notifications, page?.pageInfo.hasNextPage ?? false);

  function toggle() {
    if (!open) refetch();
    setMarkProblem(null);
    setOpen((value) => !value);
  }

  async function read(notification: AppNotification) {
    if (notification.read) return true;
    const result = await markRead({ id: notification.id });
    const payload = result.data?.markNotificationRead;
    if (payload && payload.errors.length === 0) return true;
    setMarkProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "It wasn't marked read."));
    return false;
  }

  async function openNotice(notification: AppNotification) {
    setMarkProblem(null);
    const target = notificationTarget(viewer.role, notification);
    await read(notification);
    if (target) {
      close(false);
      navigate(target);
    }
  }

  async function readAll() {
    setMarkProblem(null);
    await Promise.all(notifications.filter((n) => !n.read).map((n) => read(n)));
  }

  return (
    <div className={styles.wrap} ref={wrapRef}>
      <button
        ref={buttonRef}
        type="button"
        className={styles.bell}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={bellLabel(unread)}
        onClick={toggle}
        data-testid="notification-bell"
      >
        <Icon name="bell" size={22} />
        {unread.badge ? (
          <span className={styles.badge} aria-hidden="true">
            {unread.badge}
          </span>
        ) : null}
      </button>
      <div id={panelId} className={styles.panel} hidden={!open} role="region" aria-labelledby={titleId}>
        <div className={styles.head}>
          <h2 id={titleId} ref={headingRef} tabIndex={-1} className={styles.title}>
            Notifications
          </h2>
          {fetching ? <Spinner size={16} label="Checking for notifications" /> : null}
          {unread.count > 0 ? (
            <button type="button" className={styles.textButton} onClick={() => void readAll()}>
              Mark all read
            </button>
          ) : null}
        </div>
        {markProblem ? (
          <p className={styles.problem} role="alert">
            {markProblem}
          </p>
        ) : null}
        {error && !page ? (
          <p className={styles.problem} role="alert">
            {describeError(error).message}{" "}
            <button type="button" className={styles.textButton} onClick={refetch}>
              Try again
            </button>
          </p>
        ) : !page ? (
          <p className={styles.empty}>Loading…</p>
        ) : notifications.length === 0 ? (
          <p className={styles.empty}>Nothing yet. Budget alerts, post reviews and test-drop news show up here.</p>
        ) : (
          <ul className={styles.list} aria-label="Newest first">
            {notifications.map((notification) => (
              <li key={notification.id}>
                <button
                  type="button"
                  className={styles.item}
                  data-unread={notification.read ? undefined : "true"}
                  onClick={() => void openNotice(notification)}
                >
                  <span className={styles.dot} aria-hidden="true" />
                  <span className={styles.itemText}>
                    <span className={styles.itemTitle}>
                      {notificationTitle(notification.kind)}
                      {notification.read ? null : <span className="visually-hidden"> (unread)</span>}
                    </span>
                    <span className={styles.message}>{notification.message}</span>
                    <time className={styles.time} dateTime={notification.createdAt}>
                      {formatRelative(notification.createdAt)}
                    </time>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
