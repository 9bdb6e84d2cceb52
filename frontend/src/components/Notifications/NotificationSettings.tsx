import { useState } from "react";
import { useMutation, useQuery } from "urql";

import { describeError } from "../../lib/graphql/errors";
import { NotificationSettingsQuery, SetNotificationMutedMutation } from "../../lib/graphql/notifications";
import { SOCIAL_KIND_LABELS, SOCIAL_KINDS, type SocialKind } from "./notifications";
import styles from "./Notifications.module.css";

/** One switch per kind of notice about people's actions; a change is saved at once. */
export function NotificationSettings() {
  const [{ data, fetching, error }] = useQuery({ query: NotificationSettingsQuery });
  const [{ fetching: saving }, setMuted] = useMutation(SetNotificationMutedMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const muted = new Set<string>(data?.notificationSettings.muted ?? []);

  async function toggle(kind: SocialKind, receive: boolean) {
    setProblem(null);
    const result = await setMuted({ kind, muted: !receive });
    const payload = result.data?.setNotificationMuted;
    if (result.error || !payload || payload.errors.length > 0) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't save."));
    }
  }

  return (
    <fieldset className={styles.settings} aria-busy={fetching || saving || undefined}>
      <legend className={styles.settingsTitle}>Notify me about</legend>
      {error && !data ? (
        <p className={styles.problem} role="alert">
          {describeError(error).message}
        </p>
      ) : (
        SOCIAL_KINDS.map((kind) => (
          <label key={kind} className={styles.settingRow}>
            <input type="checkbox" checked={!muted.has(kind)} disabled={!data || saving} onChange={(event) => void toggle(kind, event.target.checked)} />
            <span>{SOCIAL_KIND_LABELS[kind]}</span>
          </label>
        ))
      )}
      {problem ? (
        <p className={styles.problem} role="alert">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
