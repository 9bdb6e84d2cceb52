import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { mapUserErrors, noErrors, type FormErrors } from "../../lib/form-errors";
import { CreateProductMutation, type Product } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { MARKETS, type Market } from "../../lib/graphql/types";
import { marketLabel } from "../../lib/format";
import { parseMajor } from "../../lib/money";
import styles from "../Dashboard/Dashboard.module.css";
import { Button } from "../Form/Button";
import { FormAlert, SelectField, TextField } from "../Form/Field";

const FIELDS = ["sku", "title", "priceMinor", "currency", "productUrl", "markets", "imageUrl", "category"] as const;
type Field = (typeof FIELDS)[number];
export const CURRENCIES = ["USD", "GBP", "EUR", "BRL", "MXN", "SAR"] as const;

/** Add one product to the catalogue. */
export function ProductForm({ onCreated }: { onCreated: (product: Product) => void }) {
  const [sku, setSku] = useState("");
  const [title, setTitle] = useState("");
  const [price, setPrice] = useState("");
  const [currency, setCurrency] = useState<string>("USD");
  const [productUrl, setProductUrl] = useState("");
  const [imageUrl, setImageUrl] = useState("");
  const [category, setCategory] = useState("");
  const [markets, setMarkets] = useState<Market[]>(["US"]);
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors());
  const [{ fetching }, create] = useMutation(CreateProductMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const priceMinor = parseMajor(price, currency);
    if (priceMinor === null) {
      setErrors({ fields: { priceMinor: "Enter a price such as 49.90." }, form: [] });
      return;
    }
    const result = await create({
      input: {
        sku: sku.trim(),
        title: title.trim(),
        priceMinor,
        currency,
        productUrl: productUrl.trim(),
        markets,
        imageUrl: imageUrl.trim() || null,
        category: category.trim() || null,
      },
    });
    const payload = result.data?.createProduct;
    if (result.error || !payload) {
      setErrors({ fields: {}, form: [result.error ? describeError(result.error).message : "The product wasn't saved."] });
      return;
    }
    if (payload.errors.length > 0 || !payload.product) {
      setErrors(mapUserErrors(payload.errors, FIELDS));
      return;
    }
    setErrors(noErrors());
    setSku("");
    setTitle("");
    setPrice("");
    setProductUrl("");
    setImageUrl("");
    setCategory("");
    onCreated(payload.product);
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className={styles.formGrid}>
      <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} error={errors.fields.title} required />
      <TextField label="SKU" value={sku} onChange={(e) => setSku(e.target.value)} error={errors.fields.sku} required />
      <TextField label="Price" inputMode="decimal" placeholder="49.90" value={price} onChange={(e) => setPrice(e.target.value)} error={errors.fields.priceMinor} required />
      <SelectField label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value)} error={errors.fields.currency}>
        {CURRENCIES.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </SelectField>
      <div className={styles.full}>
        <TextField
          label="Product page"
          type="url"
          placeholder="https://shop.example.com/p/…"
          hint="On one of your shop's domains; links to it get a click id."
          value={productUrl}
          onChange={(e) => setProductUrl(e.target.value)}
          error={errors.fields.productUrl}
          required
        />
      </div>
      <TextField label="Image URL (optional)" type="url" value={imageUrl} onChange={(e) => setImageUrl(e.target.value)} error={errors.fields.imageUrl} />
      <TextField label="Category (optional)" value={category} onChange={(e) => setCategory(e.target.value)} error={errors.fields.category} />
      <fieldset className={`${styles.checkboxes} ${styles.full}`} aria-describedby={errors.fields.markets ? "markets-error" : undefined}>
        <legend>Markets</legend>
        {MARKETS.map((m) => (
          <label key={m} className={styles.chip}>
            <input
              type="checkbox"
              checked={markets.includes(m)}
              onChange={(e) => setMarkets((list) => (e.target.checked ? [...list, m] : list.filter((x) => x !== m)))}
            />
            {marketLabel(m)}
          </label>
        ))}
        {errors.fields.markets ? (
          <p id="markets-error" className={styles.small} style={{ color: "var(--color-danger)", width: "100%" }}>
            {errors.fields.markets}
          </p>
        ) : null}
      </fieldset>
      <div className={styles.full}>
        <FormAlert messages={errors.form} />
      </div>
      <div className={styles.full}>
        <Button type="submit" busy={fetching}>
          Add product
        </Button>
      </div>
    </form>
  );
}
