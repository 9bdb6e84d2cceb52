import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { mapUserErrors, noErrors, type FormErrors } from "../../lib/form-errors";
import { UpdateProductMutation, type Product } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { MARKETS, type Market } from "../../lib/graphql/types";
import { marketLabel } from "../../lib/format";
import { fractionDigits, parseMajor, toMajor } from "../../lib/money";
import styles from "../Dashboard/Dashboard.module.css";
import { Button } from "../Form/Button";
import { FormAlert, SelectField, TextField } from "../Form/Field";
import { CURRENCIES } from "./ProductForm";

const FIELDS = ["title", "priceMinor", "currency", "productUrl", "markets", "category"] as const;
type Field = (typeof FIELDS)[number];

/** A stored price as the form shows it: "25.99" for 2599 USD. */
function priceText(amountMinor: number, currency: string): string {
  return toMajor(amountMinor, currency).toFixed(fractionDigits(currency));
}

interface ProductEditFormProps {
  product: Product;
  onSaved: (product: Product) => void;
  onCancel: () => void;
}

/** Change a product's title, price, shop page, markets or category (its SKU stays). */
export function ProductEditForm({ product, onSaved, onCancel }: ProductEditFormProps) {
  const [title, setTitle] = useState(product.title);
  const [price, setPrice] = useState(priceText(product.price.amountMinor, product.price.currency));
  const [currency, setCurrency] = useState(product.price.currency);
  const [productUrl, setProductUrl] = useState(product.productUrl);
  const [category, setCategory] = useState(product.category ?? "");
  const [markets, setMarkets] = useState<Market[]>([...product.markets]);
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors());
  const [{ fetching }, update] = useMutation(UpdateProductMutation);
  const currencies = CURRENCIES.includes(currency as (typeof CURRENCIES)[number]) ? CURRENCIES : [currency, ...CURRENCIES];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const priceMinor = parseMajor(price, currency);
    if (priceMinor === null) {
      setErrors({ fields: { priceMinor: "Enter a price such as 49.90." }, form: [] });
      return;
    }
    const result = await update({
      input: { id: product.id, title: title.trim(), priceMinor, currency, productUrl: productUrl.trim(), markets, category: category.trim() || null },
    });
    const payload = result.data?.updateProduct;
    if (result.error || !payload) {
      setErrors({ fields: {}, form: [result.error ? describeError(result.error).message : "The changes weren't saved."] });
      return;
    }
    if (payload.errors.length > 0 || !payload.product) {
      setErrors(mapUserErrors(payload.errors, FIELDS));
      return;
    }
    setErrors(noErrors());
    onSaved(payload.product);
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className={styles.formGrid} aria-label={`Edit ${product.title}`}>
      <div className={styles.full}>
        <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} error={errors.fields.title} required />
      </div>
      <TextField label="Price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} error={errors.fields.priceMinor} required />
      <SelectField label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value)} error={errors.fields.currency}>
        {currencies.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </SelectField>
      <div className={styles.full}>
        <TextField label="Product page" type="url" value={productUrl} onChange={(e) => setProductUrl(e.target.value)} error={errors.fields.productUrl} required />
      </div>
      <div className={styles.full}>
        <TextField label="Category (optional)" value={category} onChange={(e) => setCategory(e.target.value)} error={errors.fields.category} />
      </div>
      <fieldset className={`${styles.checkboxes} ${styles.full}`}>
        <legend>Markets</legend>
        {MARKETS.map((m) => (
          <label key={m} className={styles.chip}>
            <input type="checkbox" checked={markets.includes(m)} onChange={(e) => setMarkets((list) => (e.target.checked ? [...list, m] : list.filter((x) => x !== m)))} />
            {marketLabel(m)}
          </label>
        ))}
        {errors.fields.markets ? (
          <p className={styles.small} style={{ color: "var(--color-danger)", width: "100%" }}>
            {errors.fields.markets}
          </p>
        ) : null}
      </fieldset>
      <div className={styles.full}>
        <FormAlert messages={errors.form} />
      </div>
      <div className={`${styles.full} ${styles.row}`}>
        <Button type="submit" busy={fetching}>
          Save changes
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
