import { useEffect } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";

import { AuthLayout } from "../components/Auth/AuthLayout";
import { SignUpForm } from "../components/Auth/SignUpForm";
import { useSession } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { homePathFor, safeNextPath } from "../lib/navigation";

export function SignUpPage() {
  useDocumentTitle("Create your account");
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get("next"));

  useEffect(() => {
    if (session.status === "signed-in" && session.user) {
      navigate(next ?? homePathFor(session.user.role), { replace: true });
    }
  }, [session.status, session.user, next, navigate]);

  const loginLink = next ? `/login?next=${encodeURIComponent(next)}` : "/login";
  return (
    <AuthLayout
      title="Create your account"
      subtitle="Post your outfits, follow the looks you love and shop them."
      footer={
        <>
          Already have an account? <Link to={loginLink}>Log in</Link>
        </>
      }
    >
      <SignUpForm onSignedIn={session.signIn} finishing={session.status === "loading"} />
    </AuthLayout>
  );
}
