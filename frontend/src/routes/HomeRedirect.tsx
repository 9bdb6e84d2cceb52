import { Navigate } from "react-router";

import { useViewer } from "../hooks/useAuth";
import { homePathFor } from "../lib/navigation";

/** `/` opens the first page of the account's own navigation. */
export function HomeRedirect() {
  const viewer = useViewer();
  return <Navigate to={homePathFor(viewer.role)} replace />;
}
