import { useRef, useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { DEMO_PASSWORD, type DemoAccount } from "../../lib/demo-accounts";
import { roleLabel } from "../../lib/format";
import { firstInvalidField, mapUserErrors, noErrors, type FormErrors } from "../../lib/form-errors";
import { describeError } from "../../lib/graphql/errors";
import { LogInMutation } from "../../lib/graphql/operations";
import { Button } from "../Form/Button";
import { FormAlert, TextField } from "../Form/Field";
import styles from "./Auth.module.css";

const FIELDS = ["email", "password"] as const;
type LogInField = (typeof FIELDS)[number];

interface LogInFormProps {
  onSignedIn: (token: string) => void;
  /** True while the app loads the account after a successful login. */
  finishing?: boolean;
  demoAccounts?: readonly DemoAccount[];
}

export function LogInForm({ onSignedIn, finishing = false, demoAccounts = [] }: LogInFormProps) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FormErrors<LogInField>>(noErrors);
  const [{ fetching }, logIn] = useMutation(LogInMutation);
  const inputs = {
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors(noErrors());
    const result = await logIn({ input: { email: email.trim(), password } });
    if (result.error) {
      setErrors({ fields: {}, form: [describeError(result.error).message] });
      return;
    }
    const payload = result.data?.logIn;
    if (!payload?.token) {
      const mapped = mapUserErrors(payload?.errors ?? [], FIELDS);
      if (mapped.form.length === 0 && Object.keys(mapped.fields).length === 0) {
        mapped.form.push("Logging in did not work. Try again.");
      }
      setErrors(mapped);
      const field = firstInvalidField(mapped, FIELDS);
      if (field) inputs[field].current?.focus();
      return;
    }
    onSignedIn(payload.token);
  }

  function fillDemo(account: DemoAccount) {
    setEmail(account.email);
    setPassword(DEMO_PASSWORD);
    setErrors(noErrors());
    inputs.password.current?.focus();
  }

  return (
    <>
      <form className={styles.form} onSubmit={submit} noValidate aria-label="Log in">
        <FormAlert messages={errors.form} />
        <TextField
          ref={inputs.email}
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
        />
        <TextField
          ref={inputs.password}
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
        />
        <Button type="submit" block busy={fetching || finishing}>
          {finishing ? "Opening your workspace…" : "Log in"}
        </Button>
      </form>
      {demoAccounts.length > 0 ? (
        <details className={styles.demo}>
          <summary>Try a demo account</summary>
          <ul className={styles.demoList}>
            {demoAccounts.map((account) => (
              <li key={account.email}>
                <button type="button" className={styles.demoButton} onClick={() => fillDemo(account)}>
                  <span className={styles.demoRole}>{roleLabel(account.role)}</span>
                  <span className={styles.demoEmail}>{account.email}</span>
                </button>
              </li>
            ))}
          </ul>
          <p className={styles.demoNote}>
            Every demo account uses the password <code>{DEMO_PASSWORD}</code>.
          </p>
        </details>
      ) : null}
    </>
  );
}
