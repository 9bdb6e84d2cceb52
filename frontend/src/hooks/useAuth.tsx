/**
 * Who is signed in. `AuthProvider` owns the bearer token and the GraphQL client built for it,
 * loads the account with `me`, and signs out by itself when the server refuses the token (an
 * expired session, or one ended by a password change or "log out everywhere" elsewhere).
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
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
  /** Swaps in a new token for the same account (after a password change), keeping the page. */
  renew: (token: string) => void;
  signOut: () => void;
  /** Signs out and shows `notice` on the login page (after "log out everywhere"). */
  endSession: (notice: string) => void;
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
  // The token each request carries, read as it leaves: a renewal changes it without a new client.
  const current = useRef(token);
  // Bumped whenever the signed-in account may change: a new client, so no cache is shared.
  const [generation, setGeneration] = useState(0);

  const switchTo = useCallback((next: string | null) => {
    current.current = next;
    setToken(next);
    setGeneration((value) => value + 1);
  }, []);

  useEffect(() => onTokenChange(switchTo), [switchTo]);

  const expire = useCallback(
    (message: string) => {
      clearToken();
      switchTo(null);
      setNotice(message);
    },
    [switchTo],
  );

  const signIn = useCallback(
    (next: string) => {
      saveToken(next);
      setNotice(null);
      setLoggedOut(false);
      switchTo(next);
    },
    [switchTo],
  );

  const renew = useCallback((next: string) => {
    saveToken(next);
    current.current = next;
    setToken(next);
  }, []);

  const signOut = useCallback(() => {
    clearToken();
    setNotice(null);
    setLoggedOut(true);
    switchTo(null);
  }, [switchTo]);

  const endSession = useCallback(
    (message: string) => {
      clearToken();
      setNotice(message);
      setLoggedOut(true);
      switchTo(null);
    },
    [switchTo],
  );

  const client = useMemo(() => {
    void generation; // a new client per account, never per renewed token
    return createGraphqlClient({ token: () => current.current, onUnauthenticated: expire, fetch });
  }, [generation, expire, fetch]);

  return (
    <UrqlProvider value={client}>
      <SessionLoader
        token={token}
        generation={generation}
        notice={notice}
        loggedOut={loggedOut}
        signIn={signIn}
        renew={renew}
        signOut={signOut}
        endSession={endSession}
      >
        {children}
      </SessionLoader>
    </UrqlProvider>
  );
}

interface SessionLoaderProps {
  token: string | null;
  /** Which client the session is on: see `AuthProvider`. */
  generation: number;
  notice: string | null;
  loggedOut: boolean;
  signIn: (token: string) => void;
  renew: (token: string) => void;
  signOut: () => void;
  endSession: (notice: string) => void;
  children: ReactNode;
}

function SessionLoader({
  token,
  generation,
  notice,
  loggedOut,
  signIn,
  renew,
  signOut,
  endSession,
  children,
}: SessionLoaderProps) {
  const context = useMemo(() => ({ generation }), [generation]);
  const [result, reexecute] = useQuery({ query: MeQuery, pause: token === null, context });
  // urql keeps showing the last result when the client changes: one fetched by an earlier
  // client (another account, or a token since refused) says nothing about this session.
  const current = result.operation?.context.generation === generation;
  const data = current ? result.data : undefined;
  const error = current ? result.error : undefined;
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
      renew,
      signOut,
      endSession,
      retry,
    }),
    [status, user, error, notice, loggedOut, signIn, renew, signOut, endSession, retry],
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
