import { useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { firstInvalidField, hasErrors, mapUserErrors, noErrors, type FormErrors } from "../../lib/form-errors";
import { ADJUSTMENT_REASONS, PostAdjustmentMutation, type AdjustmentReason } from "../../lib/graphql/admin";
import { describeError } from "../../lib/graphql/errors";
import { formatMoney } from "../../lib/money";
import dash from "../Dashboard/Dashboard.module.css";
import { Button } from "../Form/Button";
import { FormAlert, FormSuccess, SelectField, TextAreaField, TextField } from "../Form/Field";
import styles from "./Admin.module.css";
import { adjustmentMinor, adjustmentReasonLabel, CURRENCIES, newRequestId } from "./labels";
import type { Influencers } from "./useInfluencers";

const NOTE_MAX = 1000;
// The input's names, as the API reports them in `errors.field`, in the form's order.
const FIELDS = ["influencerId", "amountMinor", "currency", "reason", "note"] as const;
type Field = (typeof FIELDS)[number];

interface Values {
  influencerId: string;
  amount: string;
  currency: string;
  reason: AdjustmentReason;
  note: string;
}

const EMPTY: Values = { influencerId: "", amount: "", currency: "USD", reason: "FRAUD", note: "" };

/**
 * Takes money back from an influencer's next payout. The request id is made once per filling
 * of the form, so sending it twice (a double click, a retry after a lost answer) posts one
 * adjustment.
 */
export function AdjustmentForm({ influencers, onPosted }: { influencers: Influencers; onPosted?: () => void }) {
  const [{ fetching }, post] = useMutation(PostAdjustmentMutation);
  const [values, setValues] = useState<Values>(EMPTY);
  const [requestId, setRequestId] = useState(newRequestId);
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [posted, setPosted] = useState<string | null>(null);
  const refs = useRef<Partial<Record<Field, HTMLElement | null>>>({});
  // The field to focus once the form is editable again (the controls are disabled while the
  // request is out, and a disabled control cannot take focus).
  const [focusField, setFocusField] = useState<Field | null>(null);

  useEffect(() => {
    if (fetching || !focusField) return;
    refs.current[focusField]?.focus();
    setFocusField(null);
  }, [fetching, focusField]);

  function set<K extends keyof Values>(key: K, value: Values[K]) {
    setValues((current) => ({ ...current, [key]: value }));
    setPosted(null);
  }

  function show(next: FormErrors<Field>) {
    setErrors(next);
    setFocusField(firstInvalidField(next, FIELDS));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPosted(null);
    const local: FormErrors<Field> = noErrors();
    if (!values.influencerId) local.fields.influencerId = "Choose the influencer.";
    const amountMinor = adjustmentMinor(values.amount, values.currency);
    if (amountMinor === null) local.fields.amountMinor = `Give the amount to take back, e.g. 12.50 ${values.currency}.`;
    if (hasErrors(local) || amountMinor === null) {
      show(local);
      return;
    }
    const note = values.note.trim();
    const result = await post({
      input: {
        influencerId: values.influencerId,
        amountMinor,
        currency: values.currency,
        reason: values.reason,
        requestId,
        note: note || null,
      },
    });
    const payload = result.data?.postAdjustment;
    if (result.error && !payload) {
      show({ fields: {}, form: [describeError(result.error).message] });
      return;
    }
    if (!payload || payload.errors.length > 0 || !payload.adjustment) {
      show(payload && payload.errors.length > 0 ? mapUserErrors(payload.errors, FIELDS) : { fields: {}, form: ["The adjustment wasn't posted. Try again."] });
      return;
    }
    const adjustment = payload.adjustment;
    const who = influencers.byId.get(adjustment.influencerId)?.displayName ?? "the influencer";
    setErrors(noErrors());
    setValues(EMPTY);
    // A new form, a new idempotency key.
    setRequestId(newRequestId());
    setPosted(
      `Posted ${formatMoney(adjustment.amount.amountMinor, adjustment.amount.currency)} (${adjustmentReasonLabel(adjustment.reason).toLowerCase()}) for ${who}: it comes off their next payout.`,
    );
    onPosted?.();
  }

  return (
    <section className={dash.panel} aria-labelledby="adjustment-title">
      <h2 id="adjustment-title" className={dash.panelTitle}>
        Take money back
      </h2>
      <p className={dash.panelText}>
        An adjustment is deducted from the influencer's next payout, e.g. for a fraudulent or duplicated commission.
      </p>
      <form className={dash.formGrid} onSubmit={(e) => void submit(e)} noValidate aria-label="Adjustment">
        <div className={dash.full}>
          <SelectField
            label="Influencer"
            ref={(el) => {
              refs.current.influencerId = el;
            }}
            value={values.influencerId}
            onChange={(e) => set("influencerId", e.target.value)}
            error={errors.fields.influencerId}
            hint={influencers.problem ? influencers.problem.message : undefined}
            disabled={fetching}
          >
            <option value="">{influencers.loading ? "Loading influencers…" : "Choose an influencer"}</option>
            {influencers.list.map((person) => (
              <option key={person.id} value={person.id}>
                {person.displayName} ({person.email})
              </option>
            ))}
          </SelectField>
        </div>
        <div className={styles.amountRow}>
          <TextField
            label="Amount to take back"
            ref={(el) => {
              refs.current.amountMinor = el;
            }}
            inputMode="decimal"
            autoComplete="off"
            placeholder="12.50"
            value={values.amount}
            onChange={(e) => set("amount", e.target.value)}
            error={errors.fields.amountMinor}
            disabled={fetching}
          />
          <SelectField
            label="Currency"
            ref={(el) => {
              refs.current.currency = el;
            }}
            value={values.currency}
            onChange={(e) => set("currency", e.target.value)}
            error={errors.fields.currency}
            disabled={fetching}
          >
            {CURRENCIES.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </SelectField>
        </div>
        <SelectField
          label="Reason"
          ref={(el) => {
            refs.current.reason = el;
          }}
          value={values.reason}
          onChange={(e) => set("reason", e.target.value as AdjustmentReason)}
          error={errors.fields.reason}
          disabled={fetching}
        >
          {ADJUSTMENT_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {adjustmentReasonLabel(reason)}
            </option>
          ))}
        </SelectField>
        <div className={dash.full}>
          <TextAreaField
            label="Note (optional)"
            ref={(el) => {
              refs.current.note = el;
            }}
            hint="For the records: the order, the ticket, what happened."
            value={values.note}
            maxLength={NOTE_MAX}
            rows={2}
            onChange={(e) => set("note", e.target.value)}
            error={errors.fields.note}
            disabled={fetching}
          />
        </div>
        <div className={dash.full}>
          <FormAlert messages={errors.form} />
        </div>
        <div className={`${dash.full} ${styles.actions}`}>
          <Button type="submit" busy={fetching}>
            Post adjustment
          </Button>
        </div>
        {posted ? (
          <div className={dash.full}>
            <FormSuccess>{posted}</FormSuccess>
          </div>
        ) : null}
      </form>
    </section>
  );
}
