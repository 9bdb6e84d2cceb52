import { useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { useMutation } from "urql";

import { firstInvalidField, mapUserErrors, noErrors, type FormErrors } from "../../lib/form-errors";
import { describeError } from "../../lib/graphql/errors";
import { SignUpMutation } from "../../lib/graphql/operations";
import { Button } from "../Form/Button";
import { FormAlert, TextField } from "../Form/Field";
import styles from "./Auth.module.css";

const FIELDS = ["displayName", "email", "password"] as const;
type SignUpField = (typeof FIELDS)[number];

interface SignUpFormProps {
  onSignedIn: (token: string) => void;
  finishing?: boolean;
}

export function SignUpForm({ onSignedIn, finishing = false }: SignUpFormProps) {
  const [values, setValues] = useState<Record<SignUpField, string>>({
    displayName: "",
    email: "",
    password: "",
  });
  const [errors, setErrors] = useState<FormErrors<SignUpField>>(noErrors);
  const [{ fetching }, signUp] = useMutation(SignUpMutation);
  const inputs = {
    displayName: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  const set = (field: SignUpField) => (event: ChangeEvent<HTMLInputElement>) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors(noErrors());
    const result = await signUp({
      input: {
        displayName: values.displayName.trim(),
        email: values.email.trim(),
        password: values.password,
      },
    });
    if (result.error) {
      setErrors({ fields: {}, form: [describeError(result.error).message] });
      return;
    }
    const payload = result.data?.signUp;
    if (!payload?.token) {
      const mapped = mapUserErrors(payload?.errors ?? [], FIELDS);
      if (mapped.form.length === 0 && Object.keys(mapped.fields).length === 0) {
        mapped.form.push("Creating the account did not work. Try again.");
      }
      setErrors(mapped);
      const field = firstInvalidField(mapped, FIELDS);
      if (field) inputs[field].current?.focus();
      return;
    }
    onSignedIn(payload.token);
  }

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Create account">
      <FormAlert messages={errors.form} />
      <TextField
        ref={inputs.displayName}
        label="Display name"
        name="displayName"
        autoComplete="nickname"
        required
        maxLength={50}
        hint="Shown on your posts. You can change it later."
        value={values.displayName}
        onChange={set("displayName")}
        error={errors.fields.displayName}
      />
      <TextField
        ref={inputs.email}
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        value={values.email}
        onChange={set("email")}
        error={errors.fields.email}
      />
      <TextField
        ref={inputs.password}
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters, and not a common password, your email or your name."
        value={values.password}
        onChange={set("password")}
        error={errors.fields.password}
      />
      <Button type="submit" block busy={fetching || finishing}>
        {finishing ? "Opening your workspace…" : "Create account"}
      </Button>
    </form>
  );
}
