import { useId, useState } from "react";

import { UploadProductImageMutation } from "../../lib/graphql/catalogue-images";
import { describeError } from "../../lib/graphql/errors";
import { sendMultipart } from "../../lib/upload";
import { Spinner } from "../Feedback/Spinner";
import { Icon } from "../Icon/Icon";
import styles from "./ProductPhoto.module.css";

const ACCEPT = "image/jpeg,image/png,image/webp";

interface ProductPhotoProps {
  productId: string;
  title: string;
  thumbUrl: string | null;
}

/** A product's thumbnail with a button to add or change its photo; uploads at once. */
export function ProductPhoto({ productId, title, thumbUrl }: ProductPhotoProps) {
  const inputId = useId();
  const [shown, setShown] = useState<string | null>(thumbUrl);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function upload(file: File) {
    setBusy(true);
    setProblem(null);
    const result = await sendMultipart(UploadProductImageMutation, { productId, image: file });
    setBusy(false);
    const payload = result.data?.uploadProductImage;
    if (result.error && !payload) {
      setProblem(describeError(result.error).message);
    } else if (payload && payload.errors.length > 0) {
      setProblem(payload.errors[0]?.message ?? "That photo didn't upload.");
    } else if (payload?.product) {
      setShown(payload.product.thumbUrl);
    }
  }

  return (
    <div className={styles.photo}>
      {shown ? <img className={styles.thumb} src={shown} alt={`Photo of ${title}`} width={44} height={44} loading="lazy" /> : <span className={styles.placeholder} aria-hidden="true"><Icon name="image" size={18} /></span>}
      <label className={styles.change} htmlFor={inputId}>
        {busy ? <Spinner size={14} label="Uploading the photo" /> : shown ? "Change photo" : "Add photo"}
        <span className="visually-hidden"> for {title}</span>
      </label>
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        accept={ACCEPT}
        disabled={busy}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          if (file) void upload(file);
        }}
      />
      {problem ? (
        <span className={styles.problem} role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}
