import { useState } from "react";
import { useMutation } from "urql";

import { useUsersPage } from "../../hooks/useUsers";
import { formatDate, marketLabel, roleLabel } from "../../lib/format";
import { describeError } from "../../lib/graphql/errors";
import { SetUserRoleMutation, type AdminUser } from "../../lib/graphql/operations";
import { ROLES, type Role } from "../../lib/graphql/types";
import { Avatar } from "../Brand/Avatar";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { Skeleton } from "../Feedback/Skeleton";
import { Spinner } from "../Feedback/Spinner";
import { Button } from "../Form/Button";
import styles from "./UserTable.module.css";

interface UserTableProps {
  role: Role | null;
  viewerId: string;
}

/** Every account, a page at a time, with each one's role editable in place. */
export function UserTable({ role, viewerId }: UserTableProps) {
  // One entry per loaded page: the cursor it starts after.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <div className={styles.wrap}>
      <table className={styles.table}>
        <caption className="visually-hidden">Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Role</th>
            <th scope="col">Market</th>
            <th scope="col">Joined</th>
          </tr>
        </thead>
        {cursors.map((after, index) => (
          <UserRows
            key={after ?? "first"}
            role={role}
            after={after}
            viewerId={viewerId}
            first={index === 0}
            last={index === cursors.length - 1}
            onMore={(cursor) => setCursors((current) => [...current, cursor])}
          />
        ))}
      </table>
    </div>
  );
}

interface UserRowsProps {
  role: Role | null;
  after: string | null;
  viewerId: string;
  first: boolean;
  last: boolean;
  onMore: (cursor: string) => void;
}

function UserRows({ role, after, viewerId, first, last, onMore }: UserRowsProps) {
  const page = useUsersPage(role, after);
  if (page.loading) {
    return (
      <tbody aria-busy="true">
        {Array.from({ length: 3 }, (_, i) => (
          <tr key={i} className={styles.skeletonRow}>
            <td colSpan={4}>
              <Skeleton height={36} />
            </td>
          </tr>
        ))}
      </tbody>
    );
  }
  if (page.problem) {
    return (
      <tbody>
        <tr>
          <td colSpan={4} className={styles.stateCell}>
            <ErrorState title="We couldn't load the accounts" problem={page.problem} onRetry={page.retry} />
          </td>
        </tr>
      </tbody>
    );
  }
  if (first && page.users.length === 0) {
    return (
      <tbody>
        <tr>
          <td colSpan={4} className={styles.stateCell}>
            <EmptyState icon="users" title="No accounts here yet">
              {role ? `Nobody has the ${roleLabel(role).toLowerCase()} role.` : "Nobody has signed up."}
            </EmptyState>
          </td>
        </tr>
      </tbody>
    );
  }
  return (
    <tbody>
      {page.users.map((user) => (
        <UserRow key={user.id} user={user} isViewer={user.id === viewerId} />
      ))}
      {last && page.nextCursor ? (
        <tr>
          <td colSpan={4} className={styles.moreCell}>
            <Button variant="secondary" onClick={() => page.nextCursor && onMore(page.nextCursor)}>
              Load more
            </Button>
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}

function UserRow({ user, isViewer }: { user: AdminUser; isViewer: boolean }) {
  const [{ fetching }, setUserRole] = useMutation(SetUserRoleMutation);
  const [error, setError] = useState<string | null>(null);
  const selectId = `role-${user.id}`;

  async function changeRole(role: Role) {
    setError(null);
    const result = await setUserRole({ input: { userId: user.id, role } });
    if (result.error) {
      setError(describeError(result.error).message);
      return;
    }
    const payload = result.data?.setUserRole;
    if (payload && payload.errors.length > 0) {
      setError(payload.errors.map((e) => e.message).join(" "));
    }
  }

  return (
    <tr>
      <td data-label="Person">
        <div className={styles.person}>
          <Avatar name={user.displayName} url={user.avatarUrl} size={36} />
          <div className={styles.personText}>
            <span className={styles.name}>
              {user.displayName}
              {isViewer ? <span className={styles.you}> (you)</span> : null}
            </span>
            <span className={styles.email}>{user.email}</span>
          </div>
        </div>
      </td>
      <td data-label="Role">
        <div className={styles.roleCell}>
          <label htmlFor={selectId} className="visually-hidden">
            Role of {user.displayName}
          </label>
          <select
            id={selectId}
            className={styles.roleSelect}
            value={user.role}
            disabled={fetching || isViewer}
            title={isViewer ? "You can't change your own role." : undefined}
            onChange={(e) => void changeRole(e.target.value as Role)}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
          {fetching ? <Spinner size={16} label="Saving role" /> : null}
        </div>
        {error ? (
          <p className={styles.rowError} role="alert">
            {error}
          </p>
        ) : null}
      </td>
      <td data-label="Market">{user.homeMarket ? marketLabel(user.homeMarket) : "—"}</td>
      <td data-label="Joined">{formatDate(user.createdAt)}</td>
    </tr>
  );
}
