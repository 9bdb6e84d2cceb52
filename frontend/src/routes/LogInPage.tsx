import { useEffect } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";

import { AuthLayout } from "../components/Auth/AuthLayout";
import { LogInForm } from "../components/Auth/LogInForm";
import styles from "../components/Auth/Auth.module.css";
import { useSession } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { DEMO_ACCOUNTS, SHOW_DEMO_LOGINS } from "../lib/demo-accounts";
import { homePathFor, safeNextPath } from "../lib/navigation";

export function LogInPage() {
  useDocumentTitle("Log in");
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get("next"));

  useEffect(() => {
    if (session.status === "signed-in" && session.user) {
      navigate(next ?? homePathFor(session.user.role), { replace: true });
    }
  }, [session.status, session.user, next, navigate]);

  const signupLink = next ? `/signup?next=${encodeURIComponent(next)}` : "/signup";
  return (
    <AuthLayout
      title="Welcome back"
      subtitle="Log in to your Trendloop account."
      footer={
        <>
          New to Trendloop? <Link to={signupLink}>Create an account</Link>
        </>
      }
    >
      {session.notice ? (
        <p className={styles.notice} role="status">
          {session.notice}
        </p>
      ) : null}
      <LogInForm
        onSignedIn={session.signIn}
        finishing={session.status === "loading"}
        demoAccounts={SHOW_DEMO_LOGINS ? DEMO_ACCOUNTS : []}
      />
    </AuthLayout>
  );
}
