import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import {
  CreateShoppableLinkMutation,
  MyMembershipsQuery,
  type Product,
  type ShoppableLink,
} from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { formatAmount } from "../../lib/money";
import { ProductPicker } from "../Composer/ProductPicker";
import { CopyField } from "../Dashboard/CopyField";
import styles from "../Dashboard/Dashboard.module.css";
import { Button } from "../Form/Button";
import { FormAlert } from "../Form/Field";
import { Icon } from "../Icon/Icon";

/** Pick a product (and a campaign you're in), get a link that credits its sales to you. */
export function LinkMaker({ onMade }: { onMade: (link: ShoppableLink) => void }) {
  const [product, setProduct] = useState<Product | null>(null);
  const [campaignId, setCampaignId] = useState("");
  const [made, setMade] = useState<ShoppableLink | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [{ data: memberships }] = useQuery({ query: MyMembershipsQuery, variables: { status: "APPROVED", first: 100 } });
  const [{ fetching }, create] = useMutation(CreateShoppableLinkMutation);
  const campaigns = (memberships?.myMemberships.nodes ?? [])
    .map((m) => m.campaign)
    .filter((c): c is NonNullable<typeof c> => c !== null && c.status === "ACTIVE")
    .filter((c) => !product || c.productIds.length === 0 || c.productIds.includes(product.id));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!product) {
      setErrors(["Pick a product first."]);
      return;
    }
    setErrors([]);
    const result = await create({ input: { productId: product.id, campaignId: campaignId || null } });
    const payload = result.data?.createShoppableLink;
    if (result.error || !payload) {
      setErrors([result.error ? describeError(result.error).message : "The link wasn't made."]);
      return;
    }
    if (payload.errors.length > 0 || !payload.link) {
      setErrors(payload.errors.map((e) => e.message));
      return;
    }
    setMade(payload.link);
    onMade(payload.link);
  }

  return (
    <form className={styles.panel} onSubmit={(e) => void submit(e)} noValidate aria-labelledby="make-link-title">
      <div className={styles.panelHead}>
        <h2 id="make-link-title" className={styles.panelTitle}>
          Make a shoppable link
        </h2>
      </div>
      {product ? (
        <div className={`${styles.row} ${styles.spaced}`}>
          <div>
            <div className={styles.strong}>{product.title}</div>
            <div className={`${styles.small} ${styles.muted}`}>
              {product.sku} · {formatAmount(product.price)}
            </div>
          </div>
          <Button
            variant="ghost"
            onClick={() => {
              setProduct(null);
              setMade(null);
            }}
          >
            Change product
          </Button>
        </div>
      ) : (
        <ProductPicker label="Product" onPick={(p) => setProduct(p)} />
      )}
      <label className={styles.filter}>
        Campaign
        <select className={styles.select} value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
          <option value="">No campaign</option>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <FormAlert messages={errors} />
      <div className={styles.row}>
        <Button type="submit" busy={fetching} icon={<Icon name="link" size={18} />}>
          Make link
        </Button>
      </div>
      {made ? (
        <div className={styles.success} style={{ display: "grid" }}>
          <span>
            <Icon name="check" size={16} style={{ display: "inline", verticalAlign: "-3px" }} /> Your link to {made.product?.title ?? "the product"} is ready
          </span>
          <CopyField label="Your link" value={made.url} />
        </div>
      ) : null}
    </form>
  );
}
