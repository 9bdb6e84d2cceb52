import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import { describeError } from "../../lib/graphql/errors";
import { BrandSettingsQuery, UpdateBrandSettingsMutation } from "../../lib/graphql/reports";
import { formatAmount, fractionDigits, toMajor } from "../../lib/money";
import { baselineInput } from "../../lib/reports";
import styles from "../Dashboard/Dashboard.module.css";
import { Skeleton } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import { FormAlert, FormSuccess, SelectField, TextField } from "../Form/Field";

const CURRENCIES = ["USD", "EUR", "GBP", "BRL", "MXN", "SAR", "CNY", "JPY"] as const;

/**
 * The brand's paid-ads baseline CAC: what a new customer costs it through ads. Once set, the
 * reports show per KOL what their customers cost less than that ("Saved vs ads").
 */
export function BaselineSettings({ reportCurrency, onSaved }: { reportCurrency: string | null; onSaved: () => void }) {
  const [{ data, fetching, error }] = useQuery({ query: BrandSettingsQuery });
  const [{ fetching: saving }, save] = useMutation(UpdateBrandSettingsMutation);
  const settings = data?.brandSettings ?? null;
  const [currency, setCurrency] = useState<string>("USD");
  const [amount, setAmount] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);

  // The form starts from what is stored.
  useEffect(() => {
    if (!settings) return;
    const stored = settings.baselineCac;
    setCurrency(settings.currency ?? reportCurrency ?? "USD");
    setAmount(stored ? toMajor(stored.amountMinor, stored.currency).toFixed(fractionDigits(stored.currency)) : "");
  }, [settings, reportCurrency]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const parsed = baselineInput(amount, currency);
    if ("problem" in parsed) {
      setProblems([parsed.problem]);
      return;
    }
    const result = await save({ input: { currency, baselineCacMinor: parsed.minor } });
    const payload = result.data?.updateBrandSettings;
    if (!payload) {
      setProblems([result.error ? describeError(result.error).message : "Nothing was saved. Try again."]);
      return;
    }
    if (payload.errors.length > 0) {
      setProblems(payload.errors.map((e) => e.message));
      return;
    }
    setProblems([]);
    const baseline = payload.settings?.baselineCac;
    setSaved(baseline ? `Saved: a new customer through ads costs you ${formatAmount(baseline)}.` : "Cleared: the reports no longer compare with ads.");
    onSaved();
  }

  const stored = settings?.baselineCac ?? null;
  const otherCurrency = stored && reportCurrency && stored.currency !== reportCurrency;
  return (
    <section className={styles.panel} aria-labelledby="baseline-title" data-testid="baseline-settings">
      <div className={styles.panelHead}>
        <h2 id="baseline-title" className={styles.panelTitle}>
          Report settings: paid-ads CAC
        </h2>
        <span className={`${styles.small} ${styles.muted}`}>{stored ? `Now ${formatAmount(stored)}` : "Not set"}</span>
      </div>
      <p className={styles.panelText}>
        What a new customer costs you through paid ads. With it, the reports show per KOL how much less their customers cost ("Saved vs ads"). Leave it
        empty to clear it.
      </p>
      {fetching && !data ? (
        <Skeleton height={64} />
      ) : error && !data ? (
        <p className={styles.muted}>{describeError(error).message}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} className={styles.row} style={{ alignItems: "flex-end", flexWrap: "wrap", gap: 12 }} noValidate>
          <div style={{ flex: "0 1 120px" }}>
            <SelectField label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
              {CURRENCIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </SelectField>
          </div>
          <div style={{ minWidth: 150, flex: "0 1 220px" }}>
            <TextField label="Paid-ads CAC" inputMode="decimal" placeholder="e.g. 18.50" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </div>
          <div style={{ paddingBottom: 2 }}>
            <Button type="submit" busy={saving}>
              Save
            </Button>
          </div>
        </form>
      )}
      <FormAlert messages={problems} />
      {saved ? <FormSuccess>{saved}</FormSuccess> : null}
      {otherCurrency ? (
        <p className={`${styles.small} ${styles.muted}`}>
          This report is in {reportCurrency}; the baseline is in {stored.currency}, so no saving is shown here.
        </p>
      ) : null}
    </section>
  );
}
