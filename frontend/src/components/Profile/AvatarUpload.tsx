import { useEffect, useId, useState } from "react";
import { useMutation } from "urql";

import { useSession } from "../../hooks/useAuth";
import { RemoveAvatarMutation, UploadAvatarMutation } from "../../lib/graphql/collections";
import { describeError } from "../../lib/graphql/errors";
import type { Viewer } from "../../lib/graphql/types";
import { sendMultipart } from "../../lib/upload";
import { Avatar } from "../Brand/Avatar";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import styles from "./AvatarUpload.module.css";

const ACCEPT = "image/jpeg,image/png,image/webp";

/**
 * The viewer's picture: tap it to choose a photo, see it as it will look (a circle cut from
 * the middle), then save it or pick again. Saved pictures show everywhere the person appears
 * once the account is read again.
 */
export function AvatarUpload({ viewer }: { viewer: Viewer }) {
  const inputId = useId();
  const { retry: reloadViewer } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [{ fetching: removing }, removeAvatar] = useMutation(RemoveAvatarMutation);

  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  async function save() {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    const result = await sendMultipart(UploadAvatarMutation, { file });
    setBusy(false);
    const payload = result.data?.uploadAvatar;
    if (result.error && !payload) {
      setProblem(describeError(result.error).message);
    } else if (payload && payload.errors.length > 0) {
      setProblem(payload.errors[0]?.message ?? "That picture didn't upload.");
    } else {
      setFile(null);
      setSaved(true);
      reloadViewer();
    }
  }

  async function remove() {
    setProblem(null);
    const result = await removeAvatar({});
    const payload = result.data?.removeAvatar;
    if (result.error || !payload?.user) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't work."));
      return;
    }
    setSaved(false);
    reloadViewer();
  }

  return (
    <div className={styles.wrap}>
      <label className={styles.pick} htmlFor={inputId}>
        {preview ? <img className={styles.preview} src={preview} alt="Preview of your new picture" /> : <Avatar name={viewer.displayName} url={viewer.avatarUrl} size={72} />}
        <span className={styles.badge} aria-hidden="true">
          <Icon name="upload" size={14} />
        </span>
        <span className="visually-hidden">{viewer.avatarUrl ? "Change your picture" : "Add a picture"}</span>
      </label>
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        accept={ACCEPT}
        disabled={busy}
        onChange={(event) => {
          const chosen = event.target.files?.[0] ?? null;
          event.target.value = "";
          setSaved(false);
          setProblem(null);
          if (chosen) setFile(chosen);
        }}
      />
      {file ? (
        <div className={styles.actions}>
          <Button busy={busy} onClick={() => void save()}>
            Save picture
          </Button>
          <Button variant="ghost" disabled={busy} onClick={() => setFile(null)}>
            Cancel
          </Button>
        </div>
      ) : viewer.avatarUrl ? (
        <Button variant="ghost" busy={removing} onClick={() => void remove()}>
          Remove picture
        </Button>
      ) : null}
      {saved ? <p role="status">Picture saved.</p> : null}
      {problem ? (
        <p className={styles.problem} role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
