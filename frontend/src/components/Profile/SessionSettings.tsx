import { useRef, useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { useSession } from "../../hooks/useAuth";
import { firstInvalidField, mapUserErrors, noErrors, type FormErrors } from "../../lib/form-errors";
import { describeError } from "../../lib/graphql/errors";
import { ChangePasswordMutation, LogOutEverywhereMutation } from "../../lib/graphql/operations";
import { Button } from "../Form/Button";
import { FormAlert, FormSuccess, TextField } from "../Form/Field";
import styles from "./Profile.module.css";

const FIELDS = ["currentPassword", "newPassword"] as const;
type PasswordField = (typeof FIELDS)[number];

export const LOGGED_OUT_EVERYWHERE = "You logged out everywhere. Log in again to continue.";

/** Change the password: every other session of the account is logged out, this one stays. */
export function ChangePasswordForm() {
  const { renew } = useSession();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [errors, setErrors] = useState<FormErrors<PasswordField>>(noErrors);
  const [changed, setChanged] = useState(false);
  const [{ fetching }, changePassword] = useMutation(ChangePasswordMutation);
  const inputs = {
    currentPassword: useRef<HTMLInputElement>(null),
    newPassword: useRef<HTMLInputElement>(null),
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors(noErrors());
    setChanged(false);
    const result = await changePassword({ input: { currentPassword, newPassword } });
    if (result.error) {
      setErrors({ fields: {}, form: [describeError(result.error).message] });
      return;
    }
    const payload = result.data?.changePassword;
    if (!payload?.token) {
      const mapped = mapUserErrors(payload?.errors ?? [], FIELDS);
      setErrors(mapped);
      const field = firstInvalidField(mapped, FIELDS);
      if (field) inputs[field].current?.focus();
      return;
    }
    renew(payload.token);
    setCurrentPassword("");
    setNewPassword("");
    setChanged(true);
  }

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Change password">
      <FormAlert messages={errors.form} />
      <TextField
        ref={inputs.currentPassword}
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={(e) => {
          setCurrentPassword(e.target.value);
          setChanged(false);
        }}
        error={errors.fields.currentPassword}
      />
      <TextField
        ref={inputs.newPassword}
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters."
        value={newPassword}
        onChange={(e) => {
          setNewPassword(e.target.value);
          setChanged(false);
        }}
        error={errors.fields.newPassword}
      />
      <div className={styles.formActions}>
        <Button type="submit" busy={fetching} disabled={!currentPassword || !newPassword}>
          Change password
        </Button>
        {changed ? <FormSuccess>Password changed. Your other sessions were logged out.</FormSuccess> : null}
      </div>
    </form>
  );
}

/** End every session of the account, this one included. */
export function LogOutEverywhere() {
  const { endSession } = useSession();
  const [problem, setProblem] = useState<string[]>([]);
  const [{ fetching }, logOutEverywhere] = useMutation(LogOutEverywhereMutation);

  async function run() {
    setProblem([]);
    const result = await logOutEverywhere({});
    if (result.error) {
      setProblem([describeError(result.error).message]);
      return;
    }
    const payload = result.data?.logOutEverywhere;
    if (!payload?.loggedOut) {
      setProblem((payload?.errors ?? []).map((e) => e.message));
      return;
    }
    endSession(LOGGED_OUT_EVERYWHERE);
  }

  return (
    <div className={styles.form}>
      <FormAlert messages={problem} />
      <div className={styles.formActions}>
        <Button variant="danger" busy={fetching} onClick={run}>
          Log out everywhere
        </Button>
      </div>
    </div>
  );
}
