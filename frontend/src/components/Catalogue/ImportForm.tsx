import { useState, type FormEvent } from "react";

import { describeError } from "../../lib/graphql/errors";
import { ImportProductsMutation, type ImportProductsPayload } from "../../lib/graphql/commerce";
import { sendMultipart } from "../../lib/upload";
import styles from "../Dashboard/Dashboard.module.css";
import { Button } from "../Form/Button";
import { FormAlert } from "../Form/Field";
import { Icon } from "../Icon/Icon";

/** Upload a CSV or JSON product feed; good rows are saved, bad ones listed with their reason. */
export function ImportForm({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportProductsPayload | null>(null);
  const [errors, setErrors] = useState<string[]>([]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setErrors(["Choose a CSV or JSON file first."]);
      return;
    }
    setBusy(true);
    setErrors([]);
    const answer = await sendMultipart(ImportProductsMutation, { input: { file } });
    setBusy(false);
    const payload = answer.data?.importProducts;
    if (!payload) {
      setErrors([answer.error ? describeError(answer.error).message : "The feed wasn't imported."]);
      return;
    }
    setErrors(payload.errors.map((e) => e.message));
    setResult(payload);
    if (payload.created + payload.updated > 0) onImported();
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate style={{ display: "grid", gap: 12 }}>
      <p className={styles.panelText}>
        A CSV with the columns <code>sku, title, price, currency, product_url, markets</code> (markets as <code>US|UK</code>), optionally{" "}
        <code>image_url, category</code>; or a JSON array of the same. Existing SKUs are updated.
      </p>
      <label className={styles.filter}>
        Feed file
        <input type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <FormAlert messages={errors} />
      {result ? (
        <div className={result.rowErrors.length ? "" : styles.success} role="status">
          <span>
            {result.rows} rows read: {result.created} added, {result.updated} updated
            {result.rowErrors.length ? `, ${result.rowErrors.length} skipped` : ""}.
          </span>
          {result.rowErrors.length ? (
            <ul className={styles.small} style={{ margin: "8px 0 0", color: "var(--color-danger)" }}>
              {result.rowErrors.slice(0, 20).map((e) => (
                <li key={`${e.row}-${e.field}-${e.code}`}>
                  Row {e.row}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div>
        <Button type="submit" variant="secondary" busy={busy} icon={<Icon name="upload" size={16} />}>
          Import feed
        </Button>
      </div>
    </form>
  );
}
