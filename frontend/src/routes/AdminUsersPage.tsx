import { useState } from "react";

import { UserTable } from "../components/Admin/UserTable";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useViewer } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { roleLabel } from "../lib/format";
import { ROLES, type Role } from "../lib/graphql/types";
import styles from "../components/Admin/UserTable.module.css";

export function AdminUsersPage() {
  useDocumentTitle("Users");
  const viewer = useViewer();
  const [role, setRole] = useState<Role | null>(null);
  return (
    <Page>
      <PageHeader
        title="Users"
        description="Everyone with an account. Change a role to give someone the tools they need."
        actions={
          <label className={styles.filter}>
            <span>Show</span>
            <select
              className={styles.roleSelect}
              value={role ?? ""}
              onChange={(e) => setRole(e.target.value ? (e.target.value as Role) : null)}
            >
              <option value="">All roles</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}s
                </option>
              ))}
            </select>
          </label>
        }
      />
      <UserTable key={role ?? "all"} role={role} viewerId={viewer.id} />
    </Page>
  );
}
