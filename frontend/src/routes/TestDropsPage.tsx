import { useState } from "react";
import { Link, useSearchParams } from "react-router";

import { DropBoard } from "../components/Drops/DropBoard";
import { DropForm, type CreatedDrop } from "../components/Drops/DropForm";
import local from "../components/Drops/Drops.module.css";
import { Button } from "../components/Form/Button";
import { FormSuccess } from "../components/Form/Field";
import { Icon } from "../components/Icon/Icon";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { readDropStart } from "../lib/drop-form";
import { PAGES } from "../lib/navigation";

/**
 * The brand's test drops, and the form that starts one. `?new=1&element=…&market=…` (the
 * "Start a test drop" action on a trend) opens the form prefilled with that element and market.
 */
export function TestDropsPage() {
  useDocumentTitle("Test drops");
  const [params, setParams] = useSearchParams();
  const start = readDropStart(params);
  const [created, setCreated] = useState<CreatedDrop | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  function open() {
    setCreated(null);
    setParams(new URLSearchParams({ new: "1" }));
  }
  function close() {
    setParams(new URLSearchParams(), { replace: true });
  }

  return (
    <Page>
      <PageHeader
        title="Test drops"
        description="Small batches of new designs, judged by real sales: re-order what sells, drop what doesn't."
        actions={
          start ? null : (
            <Button icon={<Icon name="plus" size={16} />} onClick={open}>
              New test drop
            </Button>
          )
        }
      />
      <div style={{ display: "grid", gap: 20 }}>
        {start ? (
          <DropForm
            // A new start (another trend's link) is a fresh form.
            key={params.toString()}
            start={start}
            onCancel={close}
            onCreated={(drop) => {
              setCreated(drop);
              setReloadKey((k) => k + 1);
              close();
            }}
          />
        ) : null}
        {created && !start ? (
          <div className={local.created}>
            <FormSuccess>
              “{created.name}” is on sale from its launch date. Its sell-through and verdicts show below as orders come in.
            </FormSuccess>
            <Link to={PAGES.trends.path}>Back to the trends</Link>
          </div>
        ) : null}
        <DropBoard reloadKey={reloadKey} />
      </div>
    </Page>
  );
}
