import { useCallback } from "react";

import { lookPath } from "../lib/products";
import { useViewer } from "./useAuth";

/**
 * Where a look opens for the signed-in account: its post page where the role has one (shoppers,
 * creators, brands), else its public page (designers, suppliers), so a grid never links a
 * person to a page they may not open.
 */
export function useLookPath(): (postId: string) => string {
  const { role } = useViewer();
  return useCallback((postId: string) => lookPath(role, postId), [role]);
}
