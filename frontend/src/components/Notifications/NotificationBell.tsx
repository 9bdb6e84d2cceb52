import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";

import { useViewer } from "../../hooks/useAuth";
import {
  MarkAllNotificationsReadMutation,
  MarkNotificationReadMutation,
  MyNotificationsQuery,
  UnreadNotificationCountQuery,
  type AppNotification,
} from "../../lib/graphql/admin";
import { describeError } from "../../lib/graphql/errors";
import { formatRelative } from "../../lib/time";
import { Spinner } from "../Feedback/Spinner";
import { Icon } from "../Icon/Icon";
import { BELL_PAGE, BELL_REFRESH_MS, bellLabel, emptyInboxText, notificationTarget, notificationTitle, unreadCount } from "./notifications";
import styles from "./Notifications.module.css";

const NO_VARIABLES = {};

/**
 * The top bar's bell: how many notices are unread, and a panel listing the newest ones.
 * Opening a notice marks it read and goes to what it is about. The badge is one tiny query
 * (the count), asked again once a minute while the tab is visible; the list is read only when
 * the panel opens.
 */
export function NotificationBell() {
  const viewer = useViewer();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  // The list waits for the panel's first opening, then stays (and is asked again on each).
  const [wanted, setWanted] = useState(false);
  const [{ data: countData }, reexecuteCount] = useQuery({ query: UnreadNotificationCountQuery, variables: NO_VARIABLES });
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: MyNotificationsQuery,
    variables: { first: BELL_PAGE },
    pause: !wanted,
  });
  const [, markRead] = useMutation(MarkNotificationReadMutation);
  const [{ fetching: markingAll }, markAllRead] = useMutation(MarkAllNotificationsReadMutation);
  const [markProblem, setMarkProblem] = useState<string | null>(null);
  const panelId = useId();
  const titleId = useId();
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const refetchCount = useCallback(() => reexecuteCount({ requestPolicy: "network-only" }), [reexecuteCount]);
  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState !== "visible") return;
      refetchCount();
      if (open) refetch();
    }, BELL_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refetchCount, refetch, open]);

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
  const unread = unreadCount(countData?.unreadNotificationCount ?? 0);

  function toggle() {
    if (!open) {
      // The first opening starts the (paused) list query; later ones ask it again.
      if (wanted) refetch();
      else setWanted(true);
      refetchCount();
    }
    setMarkProblem(null);
    setOpen((value) => !value);
  }

  async function read(notification: AppNotification) {
    if (notification.read) return true;
    const result = await markRead({ id: notification.id });
    const payload = result.data?.markNotificationRead;
    if (payload && payload.errors.length === 0) {
      // The list updates from the mutation's answer; the count is a number the cache cannot tie to it.
      refetchCount();
      return true;
    }
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
    const result = await markAllRead(NO_VARIABLES);
    const payload = result.data?.markAllNotificationsRead;
    if (!payload || payload.errors.length > 0) {
      setMarkProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "They weren't marked read."));
      return;
    }
    refetch();
    refetchCount();
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
            <button type="button" className={styles.textButton} disabled={markingAll} onClick={() => void readAll()}>
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
          <p className={styles.empty}>{emptyInboxText(viewer.role)}</p>
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
