import { useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import {
  DROP_CURRENCIES,
  elementNameFromId,
  emptyProduct,
  initialDraft,
  mapDropErrors,
  noDropErrors,
  suggestProductUrl,
  toDropInput,
  type DropDraftForm,
  type DropFormErrors,
  type DropStart,
  type ProductDraftRow,
} from "../../lib/drop-form";
import { CreateTestDropMutation, DropBrandQuery, type DropBrand } from "../../lib/graphql/drops";
import { describeError } from "../../lib/graphql/errors";
import { ElementSearchQuery } from "../../lib/graphql/trends";
import { MARKETS } from "../../lib/graphql/types";
import { marketLabel } from "../../lib/format";
import styles from "../Dashboard/Dashboard.module.css";
import { Button } from "../Form/Button";
import { FormAlert, SelectField, TextField } from "../Form/Field";
import { Icon } from "../Icon/Icon";
import local from "./Drops.module.css";

export interface CreatedDrop {
  id: string;
  name: string;
}

interface DropFormProps {
  start: DropStart | null;
  onCreated: (drop: CreatedDrop) => void;
  onCancel: () => void;
}

/** A new test drop: its elements (prefilled from the trend it started from), markets, products. */
export function DropForm({ start, onCreated, onCancel }: DropFormProps) {
  const [form, setForm] = useState<DropDraftForm>(() => initialDraft(start));
  const [names, setNames] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<DropFormErrors>(noDropErrors());
  const [{ fetching }, create] = useMutation(CreateTestDropMutation);
  const formRef = useRef<HTMLFormElement>(null);
  const brand = useDropBrand();
  const sampleUrl = brand?.shopDomains[0] ? `https://${brand.shopDomains[0]}/` : null;

  // After a failed submit, the first field with a message takes focus (the DOM is in form order).
  useEffect(() => {
    const invalid = formRef.current?.querySelector<HTMLElement>('input[aria-invalid="true"], select[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else if (errors.form.length > 0) formRef.current?.querySelector('[role="alert"]')?.scrollIntoView({ block: "center" });
  }, [errors]);

  function update(next: Partial<DropDraftForm>) {
    setForm((current) => ({ ...current, ...next }));
  }
  function updateProduct(key: string, next: Partial<ProductDraftRow>) {
    setForm((current) => ({
      ...current,
      products: current.products.map((row) => {
        if (row.key !== key) return row;
        const merged = { ...row, ...next };
        if (next.sku !== undefined && !merged.urlEdited) merged.productUrl = suggestProductUrl(sampleUrl, merged.sku) ?? merged.productUrl;
        return merged;
      }),
    }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const built = toDropInput(form);
    if ("errors" in built) {
      setErrors(built.errors);
      return;
    }
    const result = await create({ input: built.input });
    const payload = result.data?.createTestDrop;
    if (result.error || !payload) {
      setErrors({ fields: {}, form: [result.error ? describeError(result.error).message : "The test drop wasn't created."] });
      return;
    }
    if (payload.errors.length > 0 || !payload.testDrop) {
      setErrors(mapDropErrors(payload.errors));
      return;
    }
    setErrors(noDropErrors());
    onCreated({ id: payload.testDrop.id, name: payload.testDrop.name });
  }

  const error = (key: string) => errors.fields[key];
  return (
    <section className={styles.panel} aria-labelledby="new-drop-title" data-testid="drop-form">
      <div className={styles.panelHead}>
        <h2 id="new-drop-title" className={styles.panelTitle}>
          New test drop
        </h2>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className={styles.formGrid}>
        <div className={styles.full}>
          <TextField label="Name" value={form.name} maxLength={120} onChange={(e) => update({ name: e.target.value })} error={error("name")} required />
        </div>
        <div className={styles.full}>
          <ElementsField
            ids={form.elementIds}
            names={names}
            error={error("elementIds")}
            onAdd={(id, name) => {
              setNames((known) => ({ ...known, [id]: name }));
              if (!form.elementIds.includes(id)) update({ elementIds: [...form.elementIds, id] });
            }}
            onRemove={(id) => update({ elementIds: form.elementIds.filter((e) => e !== id) })}
          />
        </div>
        <fieldset className={`${styles.checkboxes} ${styles.full}`} aria-describedby={error("markets") ? "drop-markets-error" : undefined}>
          <legend>Markets</legend>
          {MARKETS.map((m) => (
            <label key={m} className={styles.chip}>
              <input
                type="checkbox"
                checked={form.markets.includes(m)}
                aria-invalid={error("markets") ? true : undefined}
                onChange={(e) => update({ markets: e.target.checked ? [...form.markets, m] : form.markets.filter((x) => x !== m) })}
              />
              {marketLabel(m)}
            </label>
          ))}
          {error("markets") ? (
            <p id="drop-markets-error" className={local.fieldError}>
              {error("markets")}
            </p>
          ) : null}
        </fieldset>
        <TextField label="Launch date" type="date" value={form.launchDate} onChange={(e) => update({ launchDate: e.target.value })} error={error("launchDate")} required />
        <SelectField label="Currency" value={form.currency} onChange={(e) => update({ currency: e.target.value })} hint="Prices and unit costs are in this currency.">
          {DROP_CURRENCIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </SelectField>
        <div className={styles.full}>
          <SelectField
            label="Campaign (optional)"
            value={form.campaignId}
            hint="A draft campaign of your brand, or one open to all its products: its KOLs get the new products to post."
            onChange={(e) => update({ campaignId: e.target.value })}
            error={error("campaignId")}
          >
            <option value="">No campaign</option>
            {(brand?.campaigns ?? []).map((campaign) => (
              <option key={campaign.id} value={campaign.id}>
                {campaign.name} ({campaign.status === "DRAFT" ? "draft" : "running"})
              </option>
            ))}
          </SelectField>
        </div>
        <div className={`${styles.full} ${local.productRows}`}>
          {form.products.map((row, index) => (
            <fieldset key={row.key} className={local.productRow} aria-label={`Product ${index + 1}`}>
              <legend className={local.productLegend}>
                Product {index + 1}
                {form.products.length > 1 ? (
                  <Button variant="ghost" onClick={() => update({ products: form.products.filter((r) => r.key !== row.key) })} aria-label={`Remove product ${index + 1}`}>
                    Remove
                  </Button>
                ) : null}
              </legend>
              <div className={styles.formGrid}>
                <TextField label="Title" value={row.title} onChange={(e) => updateProduct(row.key, { title: e.target.value })} error={error(`products.${index}.title`)} required />
                <TextField label="SKU" value={row.sku} onChange={(e) => updateProduct(row.key, { sku: e.target.value })} error={error(`products.${index}.sku`)} required />
                <TextField
                  label="Category"
                  value={row.category}
                  placeholder="dresses"
                  hint="Its sales are judged against this category's."
                  onChange={(e) => updateProduct(row.key, { category: e.target.value })}
                  error={error(`products.${index}.category`)}
                  required
                />
                <TextField label="Units in the batch" inputMode="numeric" value={row.units} placeholder="200" onChange={(e) => updateProduct(row.key, { units: e.target.value })} error={error(`products.${index}.units`)} required />
                <TextField label="Price" inputMode="decimal" value={row.price} placeholder="39.90" onChange={(e) => updateProduct(row.key, { price: e.target.value })} error={error(`products.${index}.price`)} required />
                <TextField label="Unit cost" inputMode="decimal" value={row.unitCost} placeholder="12.00" onChange={(e) => updateProduct(row.key, { unitCost: e.target.value })} error={error(`products.${index}.unitCost`)} required />
                <div className={styles.full}>
                  <TextField
                    label="Product page"
                    type="url"
                    value={row.productUrl}
                    placeholder="https://shop.example.com/p/…"
                    hint="On one of your brand's shop domains."
                    onChange={(e) => updateProduct(row.key, { productUrl: e.target.value, urlEdited: true })}
                    error={error(`products.${index}.productUrl`)}
                    required
                  />
                </div>
              </div>
            </fieldset>
          ))}
          {error("products") ? <p className={local.fieldError}>{error("products")}</p> : null}
          <div>
            <Button variant="secondary" icon={<Icon name="plus" size={16} />} onClick={() => update({ products: [...form.products, emptyProduct()] })}>
              Add another product
            </Button>
          </div>
        </div>
        <div className={styles.full}>
          <FormAlert messages={errors.form} />
        </div>
        <div className={styles.full}>
          <Button type="submit" busy={fetching} icon={<Icon name="flask" size={16} />}>
            Start the test drop
          </Button>
        </div>
      </form>
    </section>
  );
}

/** The drop's elements as removable chips, and a search to add more. */
function ElementsField({
  ids,
  names: known,
  error: problem,
  onAdd,
  onRemove,
}: {
  ids: string[];
  names: Record<string, string>;
  error: string | undefined;
  onAdd: (id: string, name: string) => void;
  onRemove: (id: string) => void;
}) {
  return (
    <div className={local.elements} role="group" aria-labelledby="drop-elements-label" aria-describedby={problem ? "drop-elements-error" : undefined}>
      <span id="drop-elements-label" className={local.groupLabel}>
        Trending elements
      </span>
      {ids.length > 0 ? (
        <ul className={local.chips} aria-label="Linked elements">
          {ids.map((id) => {
            const name = known[id] ?? elementNameFromId(id);
            return (
              <li key={id} className={local.element} data-element={id}>
                {name}
                <button type="button" className={local.chipRemove} aria-label={`Remove ${name}`} onClick={() => onRemove(id)}>
                  <Icon name="close" size={14} />
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className={`${styles.small} ${styles.muted}`}>No element linked yet: a drop tests what is trending.</p>
      )}
      <ElementPicker exclude={ids} onPick={onAdd} />
      {problem ? (
        <p id="drop-elements-error" className={local.fieldError}>
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** A search over the taxonomy; a result adds the element to the drop. */
function ElementPicker({ exclude, onPick }: { exclude: string[]; onPick: (id: string, name: string) => void }) {
  const [search, setSearch] = useState("");
  const term = search.trim();
  const [{ data, fetching }] = useQuery({ query: ElementSearchQuery, variables: { search: term, first: 8 }, pause: term.length < 2 });
  const results = term.length < 2 ? [] : (data?.elements.nodes ?? []).filter((e) => !exclude.includes(e.id));
  return (
    <div className={local.picker}>
      <TextField label="Add an element" value={search} placeholder="gingham, butter yellow…" onChange={(e) => setSearch(e.target.value)} autoComplete="off" />
      {term.length >= 2 && !fetching && results.length === 0 ? <p className={`${styles.small} ${styles.muted}`}>No other element matches “{term}”.</p> : null}
      {results.length > 0 ? (
        <ul className={local.chips} aria-label="Matching elements">
          {results.map((element) => (
            <li key={element.id}>
              <button
                type="button"
                className={styles.chip}
                onClick={() => {
                  onPick(element.id, element.name);
                  setSearch("");
                }}
              >
                <Icon name="plus" size={14} /> {element.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The brand the drop goes into: its shop (to suggest product pages) and its campaigns. */
function useDropBrand(): DropBrand | null {
  const [result] = useQuery({ query: DropBrandQuery, variables: {} });
  return result.data?.dropBrand ?? null;
}
