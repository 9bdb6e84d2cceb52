import { useState } from "react";

import { ImportForm } from "../components/Catalogue/ImportForm";
import { ProductForm } from "../components/Catalogue/ProductForm";
import { ProductTable, type CatalogueTab } from "../components/Catalogue/ProductTable";
import styles from "../components/Dashboard/Dashboard.module.css";
import { Segmented } from "../components/Dashboard/Stat";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useViewer } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export function ProductsPage() {
  useDocumentTitle("Products");
  const viewer = useViewer();
  const [version, setVersion] = useState(0);
  const [mode, setMode] = useState<"one" | "feed">("one");
  const [added, setAdded] = useState<string | null>(null);
  const [tab, setTab] = useState<CatalogueTab>("ACTIVE");
  const [moved, setMoved] = useState<string | null>(null);
  return (
    <Page>
      <PageHeader title="Products" description="Your catalogue, ready to tag in posts and put in shoppable links. Archive what you no longer sell." />
      <div className={styles.split}>
        <section className={styles.panel} aria-labelledby="add-products">
          <div className={styles.panelHead}>
            <h2 id="add-products" className={styles.panelTitle}>
              Add products
            </h2>
            <Segmented
              label="How to add"
              value={mode}
              options={[
                { value: "one", label: "One product" },
                { value: "feed", label: "Import a feed" },
              ]}
              onChange={setMode}
            />
          </div>
          {added ? (
            <p className={styles.success} role="status">
              Added “{added}”.
            </p>
          ) : null}
          {mode === "one" ? (
            <ProductForm
              onCreated={(product) => {
                setAdded(product.title);
                setVersion((v) => v + 1);
              }}
            />
          ) : (
            <ImportForm onImported={() => setVersion((v) => v + 1)} />
          )}
        </section>
        <div style={{ display: "grid", gap: 12, minWidth: 0 }}>
          {moved ? (
            <p className={styles.success} role="status">
              {moved}
            </p>
          ) : null}
          <ProductTable
            key={`${tab}-${version}`}
            brandId={viewer.id}
            status={tab}
            onTab={(next) => {
              setMoved(null);
              setTab(next);
            }}
            onMoved={(product) => setMoved(product.archived ? `Archived “${product.title}”: it is no longer offered for tags, links or campaigns.` : `“${product.title}” is on sale again.`)}
          />
        </div>
      </div>
    </Page>
  );
}
