import { useRef, useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { marketLabel } from "../../lib/format";
import { firstInvalidField, mapUserErrors, noErrors, type FormErrors } from "../../lib/form-errors";
import { describeError } from "../../lib/graphql/errors";
import { UpdateProfileMutation, type UpdateProfileVariables } from "../../lib/graphql/operations";
import { MARKETS, type Market, type Viewer } from "../../lib/graphql/types";
import { Button } from "../Form/Button";
import { FormAlert, FormSuccess, SelectField, TextAreaField, TextField } from "../Form/Field";
import styles from "./Profile.module.css";

const FIELDS = ["displayName", "bio", "homeMarket"] as const;
type ProfileField = (typeof FIELDS)[number];

export const NAME_MAX = 50;
export const BIO_MAX = 500;

export function ProfileForm({ viewer }: { viewer: Viewer }) {
  const [displayName, setDisplayName] = useState(viewer.displayName);
  const [bio, setBio] = useState(viewer.bio);
  const [homeMarket, setHomeMarket] = useState<Market | "">(viewer.homeMarket ?? "");
  // What the server last confirmed; the form is "changed" when it differs from this.
  const [baseline, setBaseline] = useState({
    displayName: viewer.displayName,
    bio: viewer.bio,
    homeMarket: viewer.homeMarket,
  });
  const [errors, setErrors] = useState<FormErrors<ProfileField>>(noErrors);
  const [saved, setSaved] = useState(false);
  const [{ fetching }, updateProfile] = useMutation(UpdateProfileMutation);
  const inputs = {
    displayName: useRef<HTMLInputElement>(null),
    bio: useRef<HTMLTextAreaElement>(null),
    homeMarket: useRef<HTMLSelectElement>(null),
  };

  const changed =
    displayName !== baseline.displayName ||
    bio !== baseline.bio ||
    (homeMarket !== "" && homeMarket !== baseline.homeMarket);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors(noErrors());
    setSaved(false);
    const input: UpdateProfileVariables["input"] = { displayName, bio };
    if (homeMarket !== "") input.homeMarket = homeMarket;
    const result = await updateProfile({ input });
    if (result.error) {
      setErrors({ fields: {}, form: [describeError(result.error).message] });
      return;
    }
    const payload = result.data?.updateProfile;
    if (!payload?.user) {
      const mapped = mapUserErrors(payload?.errors ?? [], FIELDS);
      setErrors(mapped);
      const field = firstInvalidField(mapped, FIELDS);
      if (field) inputs[field].current?.focus();
      return;
    }
    const user = payload.user;
    setBaseline({ displayName: user.displayName, bio: user.bio, homeMarket: user.homeMarket });
    setDisplayName(user.displayName);
    setBio(user.bio);
    setSaved(true);
  }

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Edit profile">
      <FormAlert messages={errors.form} />
      <TextField
        ref={inputs.displayName}
        label="Display name"
        name="displayName"
        autoComplete="nickname"
        maxLength={NAME_MAX}
        value={displayName}
        onChange={(e) => {
          setDisplayName(e.target.value);
          setSaved(false);
        }}
        error={errors.fields.displayName}
      />
      <TextAreaField
        ref={inputs.bio}
        label="Bio"
        name="bio"
        maxLength={BIO_MAX}
        rows={4}
        placeholder="A line about your style"
        value={bio}
        onChange={(e) => {
          setBio(e.target.value);
          setSaved(false);
        }}
        error={errors.fields.bio}
      />
      <SelectField
        ref={inputs.homeMarket}
        label="Home market"
        name="homeMarket"
        hint="Your feed and prices follow this market."
        value={homeMarket}
        onChange={(e) => {
          setHomeMarket(e.target.value as Market | "");
          setSaved(false);
        }}
        error={errors.fields.homeMarket}
      >
        {baseline.homeMarket === null ? (
          <option value="" disabled>
            Choose a market
          </option>
        ) : null}
        {MARKETS.map((market) => (
          <option key={market} value={market}>
            {marketLabel(market)}
          </option>
        ))}
      </SelectField>
      <div className={styles.formActions}>
        <Button type="submit" busy={fetching} disabled={!changed && !fetching}>
          Save changes
        </Button>
        {saved && !changed ? <FormSuccess>Profile saved.</FormSuccess> : null}
      </div>
    </form>
  );
}
