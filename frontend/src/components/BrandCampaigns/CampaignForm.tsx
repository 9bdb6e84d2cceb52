import { useMemo, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import { localInputToIso, toLocalInput } from "../../lib/campaigns";
import { mapUserErrors, noErrors, type FormErrors } from "../../lib/form-errors";
import {
  ActivateCampaignMutation,
  CreateCampaignMutation,
  ProductsQuery,
  type Campaign,
  type CommissionRuleKind,
} from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { MARKETS, type Market } from "../../lib/graphql/types";
import { marketLabel } from "../../lib/format";
import { parseMajor } from "../../lib/money";
import { MODELS, modelLabel } from "../../lib/reports";
import { CURRENCIES } from "../Catalogue/ProductForm";
import styles from "../Dashboard/Dashboard.module.css";
import { Button } from "../Form/Button";
import { FormAlert, SelectField, TextAreaField, TextField } from "../Form/Field";

const FIELDS = [
  "name",
  "brief",
  "markets",
  "startsAt",
  "endsAt",
  "budgetMinor",
  "currency",
  "ruleKind",
  "ruleBasisPoints",
  "ruleAmountMinor",
  "productIds",
  "attributionWindowDays",
  "returnWindowDays",
  "attributionModel",
] as const;
type Field = (typeof FIELDS)[number];

const RULES: { value: CommissionRuleKind; label: string }[] = [
  { value: "PERCENT", label: "Percent of each sale" },
  { value: "FLAT", label: "Flat amount per order" },
  { value: "FIXED_FEE", label: "Fixed fee per approved post" },
];

/** Draft a campaign (and start it at once, if asked): budget, commission rule, dates, windows. */
export function CampaignForm({ brandId, onCreated }: { brandId: string; onCreated: (campaign: Campaign) => void }) {
  const start = useMemo(() => new Date(), []);
  const [name, setName] = useState("");
  const [brief, setBrief] = useState("");
  const [markets, setMarkets] = useState<Market[]>(["US"]);
  const [startsAt, setStartsAt] = useState(toLocalInput(start));
  const [endsAt, setEndsAt] = useState(toLocalInput(new Date(start.getTime() + 30 * 86_400_000)));
  const [budget, setBudget] = useState("");
  const [currency, setCurrency] = useState("USD");
  const [ruleKind, setRuleKind] = useState<CommissionRuleKind>("PERCENT");
  const [percent, setPercent] = useState("10");
  const [amount, setAmount] = useState("");
  const [attributionDays, setAttributionDays] = useState("");
  const [returnDays, setReturnDays] = useState("");
  const [model, setModel] = useState("");
  const [productIds, setProductIds] = useState<string[]>([]);
  const [activate, setActivate] = useState(true);
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors());
  const [busy, setBusy] = useState(false);
  const [, create] = useMutation(CreateCampaignMutation);
  const [, start_] = useMutation(ActivateCampaignMutation);
  const [{ data: products }] = useQuery({ query: ProductsQuery, variables: { brandId, first: 100 } });

  function invalid(field: Field, message: string) {
    setErrors({ fields: { [field]: message }, form: [] });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const budgetMinor = parseMajor(budget, currency);
    if (budgetMinor === null || budgetMinor <= 0) return invalid("budgetMinor", "Enter the budget, such as 5000.");
    const percentValue = Number(percent);
    if (ruleKind === "PERCENT" && !(percentValue > 0 && percentValue <= 100)) return invalid("ruleBasisPoints", "Enter a percentage between 0 and 100.");
    const amountMinor = ruleKind === "PERCENT" ? null : parseMajor(amount, currency);
    if (ruleKind !== "PERCENT" && (amountMinor === null || amountMinor <= 0)) return invalid("ruleAmountMinor", "Enter the amount, such as 5.00.");
    const starts = localInputToIso(startsAt);
    const ends = localInputToIso(endsAt);
    if (!starts) return invalid("startsAt", "Pick when the campaign starts.");
    if (!ends) return invalid("endsAt", "Pick when the campaign ends.");
    setBusy(true);
    const result = await create({
      input: {
        name: name.trim(),
        brief: brief.trim(),
        markets,
        startsAt: starts,
        endsAt: ends,
        budgetMinor,
        currency,
        ruleKind,
        ruleBasisPoints: ruleKind === "PERCENT" ? Math.round(percentValue * 100) : null,
        ruleAmountMinor: amountMinor,
        productIds,
        attributionWindowDays: attributionDays ? Number(attributionDays) : null,
        returnWindowDays: returnDays ? Number(returnDays) : null,
        attributionModel: model || null,
      },
    });
    const payload = result.data?.createCampaign;
    if (result.error || !payload) {
      setBusy(false);
      setErrors({ fields: {}, form: [result.error ? describeError(result.error).message : "The campaign wasn't saved."] });
      return;
    }
    if (payload.errors.length > 0 || !payload.campaign) {
      setBusy(false);
      setErrors(mapUserErrors(payload.errors, FIELDS));
      return;
    }
    let campaign = payload.campaign;
    if (activate) {
      const started = await start_({ id: campaign.id });
      const startedPayload = started.data?.activateCampaign;
      if (startedPayload?.campaign) campaign = startedPayload.campaign;
      else {
        setErrors({ fields: {}, form: [startedPayload?.errors[0]?.message ?? "The campaign was saved as a draft but couldn't be started."] });
      }
    }
    setBusy(false);
    onCreated(campaign);
  }

  const catalogue = products?.products.nodes ?? [];
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className={styles.formGrid}>
      <div className={styles.full}>
        <TextField label="Campaign name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} required />
      </div>
      <div className={styles.full}>
        <TextAreaField label="Brief" hint="What creators should show, and how." value={brief} maxLength={2000} onChange={(e) => setBrief(e.target.value)} error={errors.fields.brief} />
      </div>
      <TextField label="Starts" type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} error={errors.fields.startsAt} />
      <TextField label="Ends" type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} error={errors.fields.endsAt} />
      <TextField label="Budget" inputMode="decimal" placeholder="5000" value={budget} onChange={(e) => setBudget(e.target.value)} error={errors.fields.budgetMinor} />
      <SelectField label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value)} error={errors.fields.currency}>
        {CURRENCIES.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </SelectField>
      <SelectField label="Commission rule" value={ruleKind} onChange={(e) => setRuleKind(e.target.value as CommissionRuleKind)} error={errors.fields.ruleKind}>
        {RULES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </SelectField>
      {ruleKind === "PERCENT" ? (
        <TextField label="Commission (%)" inputMode="decimal" value={percent} onChange={(e) => setPercent(e.target.value)} error={errors.fields.ruleBasisPoints} />
      ) : (
        <TextField
          label={ruleKind === "FLAT" ? "Amount per order" : "Fee per post"}
          inputMode="decimal"
          placeholder="5.00"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={errors.fields.ruleAmountMinor}
        />
      )}
      <TextField
        label="Attribution window (days)"
        inputMode="numeric"
        placeholder="Default"
        hint="How long after a click an order still counts."
        value={attributionDays}
        onChange={(e) => setAttributionDays(e.target.value)}
        error={errors.fields.attributionWindowDays}
      />
      <TextField
        label="Return window (days)"
        inputMode="numeric"
        placeholder="Default"
        hint="Commissions are approved after it closes."
        value={returnDays}
        onChange={(e) => setReturnDays(e.target.value)}
        error={errors.fields.returnWindowDays}
      />
      <SelectField label="Attribution model" value={model} onChange={(e) => setModel(e.target.value)} error={errors.fields.attributionModel}>
        <option value="">Last click (default)</option>
        {MODELS.filter((m) => m !== "LAST_CLICK").map((m) => (
          <option key={m} value={m}>
            {modelLabel(m)}
          </option>
        ))}
      </SelectField>
      <fieldset className={`${styles.checkboxes} ${styles.full}`}>
        <legend>Markets</legend>
        {MARKETS.map((m) => (
          <label key={m} className={styles.chip}>
            <input type="checkbox" checked={markets.includes(m)} onChange={(e) => setMarkets((l) => (e.target.checked ? [...l, m] : l.filter((x) => x !== m)))} />
            {marketLabel(m)}
          </label>
        ))}
        {errors.fields.markets ? <p className={styles.small} style={{ color: "var(--color-danger)", width: "100%" }}>{errors.fields.markets}</p> : null}
      </fieldset>
      {catalogue.length > 0 ? (
        <fieldset className={`${styles.checkboxes} ${styles.full}`}>
          <legend>Products (none picked: the whole catalogue)</legend>
          {catalogue.slice(0, 30).map((p) => (
            <label key={p.id} className={styles.chip}>
              <input type="checkbox" checked={productIds.includes(p.id)} onChange={(e) => setProductIds((l) => (e.target.checked ? [...l, p.id] : l.filter((x) => x !== p.id)))} />
              {p.title}
            </label>
          ))}
        </fieldset>
      ) : null}
      <label className={`${styles.chip} ${styles.full}`} style={{ justifySelf: "start" }}>
        <input type="checkbox" checked={activate} onChange={(e) => setActivate(e.target.checked)} />
        Start the campaign now (otherwise it stays a draft)
      </label>
      <div className={styles.full}>
        <FormAlert messages={errors.form} />
      </div>
      <div className={styles.full}>
        <Button type="submit" busy={busy}>
          Create campaign
        </Button>
      </div>
    </form>
  );
}
