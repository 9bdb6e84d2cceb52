import { useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useMutation } from "urql";

import { describeError } from "../../lib/graphql/errors";
import { ChangeHandleMutation } from "../../lib/graphql/profiles";
import { HANDLE_MAX, handleProblem, normaliseHandle, profilePath } from "../../lib/profiles";
import { Button } from "../Form/Button";
import { FormAlert, FormSuccess, TextField } from "../Form/Field";
import styles from "./Profile.module.css";

/** The viewer's @handle: where their public profile is, and taking a new one. */
export function HandleForm({ handle: initial }: { handle: string }) {
  const [current, setCurrent] = useState(initial);
  const [typed, setTyped] = useState(initial);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [{ fetching }, changeHandle] = useMutation(ChangeHandleMutation);
  const input = useRef<HTMLInputElement>(null);
  const changed = normaliseHandle(typed) !== current;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    setFormError([]);
    const problem = handleProblem(typed);
    setFieldError(problem ?? undefined);
    if (problem) {
      input.current?.focus();
      return;
    }
    const result = await changeHandle({ handle: typed });
    if (result.error) {
      setFormError([describeError(result.error).message]);
      return;
    }
    const payload = result.data?.changeHandle;
    if (!payload?.user) {
      const errors = payload?.errors ?? [];
      const mine = errors.filter((e) => e.field === "handle");
      setFieldError(mine.map((e) => e.message).join(" ") || undefined);
      setFormError(errors.filter((e) => e.field !== "handle").map((e) => e.message));
      if (mine.length > 0) input.current?.focus();
      return;
    }
    setCurrent(payload.user.handle);
    setTyped(payload.user.handle);
    setSaved(true);
  }

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Change your handle">
      <p className={styles.cardText}>
        Your public profile: <Link to={profilePath(current)}>@{current}</Link>
      </p>
      <FormAlert messages={formError} />
      <TextField
        ref={input}
        label="Handle"
        name="handle"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={HANDLE_MAX + 1}
        hint="3 to 30 letters, digits, dots and underscores. Your old handle keeps leading to you for 30 days."
        value={typed}
        onChange={(e) => {
          setTyped(e.target.value);
          setSaved(false);
          setFieldError(undefined);
        }}
        error={fieldError}
      />
      <div className={styles.formActions}>
        <Button type="submit" busy={fetching} disabled={!changed && !fetching}>
          Change handle
        </Button>
        {saved && !changed ? <FormSuccess>Handle changed.</FormSuccess> : null}
      </div>
    </form>
  );
}
