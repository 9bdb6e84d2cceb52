/**
 * Who is signed in. `AuthProvider` owns the bearer token and the GraphQL client built for it,
 * loads the account with `me`, and signs out by itself when the server refuses the token.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import { Provider as UrqlProvider, useQuery } from "urql";

import { clearToken, onTokenChange, readToken, saveToken } from "../lib/auth-storage";
import { createGraphqlClient } from "../lib/graphql/client";
import { describeError, isUnauthenticated, type Problem } from "../lib/graphql/errors";
import { MeQuery } from "../lib/graphql/operations";
import type { Viewer } from "../lib/graphql/types";

export type SessionStatus = "signed-out" | "loading" | "signed-in" | "error";

export interface Session {
  status: SessionStatus;
  /** The account, once `status` is "signed-in". */
  user: Viewer | null;
  /** Why `me` could not be loaded, when `status` is "error". */
  problem: Problem | null;
  /** Why the person was signed out without asking (an expired session), for the login page. */
  notice: string | null;
  /** True after the person logged out themselves: the login page then starts afresh. */
  loggedOut: boolean;
  signIn: (token: string) => void;
  signOut: () => void;
  /** Ask for `me` again after an error. */
  retry: () => void;
}

const SessionContext = createContext<Session | null>(null);

interface AuthProviderProps {
  children: ReactNode;
  /** Injected by tests; the browser's fetch otherwise. */
  fetch?: typeof fetch;
}

export function AuthProvider({ children, fetch }: AuthProviderProps) {
  const [token, setToken] = useState<string | null>(readToken);
  const [notice, setNotice] = useState<string | null>(null);
  const [loggedOut, setLoggedOut] = useState(false);

  useEffect(() => onTokenChange(setToken), []);

  const expire = useCallback((message: string) => {
    clearToken();
    setToken(null);
    setNotice(message);
  }, []);

  const signIn = useCallback((next: string) => {
    saveToken(next);
    setNotice(null);
    setLoggedOut(false);
    setToken(next);
  }, []);

  const signOut = useCallback(() => {
    clearToken();
    setNotice(null);
    setLoggedOut(true);
    setToken(null);
  }, []);

  const client = useMemo(
    () => createGraphqlClient({ token, onUnauthenticated: expire, fetch }),
    [token, expire, fetch],
  );

  return (
    <UrqlProvider value={client}>
      <SessionLoader
        token={token}
        notice={notice}
        loggedOut={loggedOut}
        signIn={signIn}
        signOut={signOut}
      >
        {children}
      </SessionLoader>
    </UrqlProvider>
  );
}

interface SessionLoaderProps {
  token: string | null;
  notice: string | null;
  loggedOut: boolean;
  signIn: (token: string) => void;
  signOut: () => void;
  children: ReactNode;
}

function SessionLoader({ token, notice, loggedOut, signIn, signOut, children }: SessionLoaderProps) {
  const [{ data, error }, reexecute] = useQuery({ query: MeQuery, pause: token === null });
  const user = token ? (data?.me ?? null) : null;
  // A valid-looking token the server answers with "nobody" is as good as no token.
  const orphaned = token !== null && !error && data != null && data.me === null;

  useEffect(() => {
    if (orphaned) signOut();
  }, [orphaned, signOut]);

  let status: SessionStatus;
  if (!token || orphaned) status = "signed-out";
  else if (user) status = "signed-in";
  else if (error && !isUnauthenticated(error)) status = "error";
  else status = "loading";

  const retry = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);

  const session = useMemo<Session>(
    () => ({
      status,
      user: status === "signed-in" ? user : null,
      problem: status === "error" && error ? describeError(error) : null,
      notice,
      loggedOut,
      signIn,
      signOut,
      retry,
    }),
    [status, user, error, notice, loggedOut, signIn, signOut, retry],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used inside <AuthProvider>.");
  return session;
}

/** The signed-in account; only for pages behind the sign-in guard. */
export function useViewer(): Viewer {
  const { user } = useSession();
  if (!user) throw new Error("useViewer needs a signed-in account.");
  return user;
}
