import { useState } from "react";
import { useQuery } from "urql";

import dash from "../components/Dashboard/Dashboard.module.css";
import { Segmented } from "../components/Dashboard/Stat";
import { EmptyState } from "../components/Feedback/EmptyState";
import { ErrorState } from "../components/Feedback/ErrorState";
import { SkeletonCard } from "../components/Feedback/Skeleton";
import { Icon } from "../components/Icon/Icon";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { OrderCard } from "../components/Suppliers/OrderCard";
import styles from "../components/Suppliers/Suppliers.module.css";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { describeError } from "../lib/graphql/errors";
import { MyPurchaseOrdersQuery, type PurchaseOrderState } from "../lib/graphql/suppliers";
import { groupByState, OPEN_PO_STATES, PO_STATE_LABELS } from "../lib/suppliers";

type View = "open" | "done";

const VIEW_STATES: Record<View, readonly PurchaseOrderState[]> = {
  open: OPEN_PO_STATES,
  done: ["RECEIVED", "LISTED", "DECLINED"],
};

/** The supplier's purchase orders by state, with the next step on each. */
export function SupplierOrdersPage() {
  useDocumentTitle("Orders");
  const [view, setView] = useState<View>("open");
  const states = VIEW_STATES[view];
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MyPurchaseOrdersQuery,
    variables: { filter: { states: [...states] }, first: 100 },
    requestPolicy: "cache-and-network",
  });
  const [notice, setNotice] = useState<string | null>(null);
  const orders = data?.myPurchaseOrders.nodes ?? [];
  const columns = groupByState(orders, states).filter((column) => column.orders.length > 0);

  return (
    <Page>
      <PageHeader title="Orders" description="Purchase orders from the brand: accept or decline them, start production and ship." />
      <div className={styles.stack}>
        <div className={dash.toolbar}>
          <Segmented
            label="Which orders"
            value={view}
            options={[
              { value: "open", label: "To do" },
              { value: "done", label: "Done" },
            ]}
            onChange={(next) => {
              setNotice(null);
              setView(next);
            }}
          />
        </div>
        {notice ? (
          <p role="status" className={dash.success}>
            <Icon name="check" size={18} /> {notice}
          </p>
        ) : null}
        {error && !data ? (
          <ErrorState title="We couldn't load your orders" problem={describeError(error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />
        ) : fetching && !data ? (
          <div className={styles.stack} aria-busy="true">
            <SkeletonCard lines={5} />
            <SkeletonCard lines={5} />
          </div>
        ) : columns.length === 0 ? (
          <EmptyState icon="box" title={view === "open" ? "Nothing to do right now" : "No finished orders yet"}>
            {view === "open" ? "New purchase orders from the brand show here." : "Orders the brand has received show here."}
          </EmptyState>
        ) : (
          columns.map((column) => (
            <section key={column.state} className={dash.panel} aria-labelledby={`col-${column.state}`} data-column={column.state}>
              <h2 id={`col-${column.state}`} className={styles.columnHead}>
                {PO_STATE_LABELS[column.state]} <span className={styles.count}>{column.orders.length}</span>
              </h2>
              <div className={styles.orders}>
                {column.orders.map((order) => (
                  <OrderCard
                    key={order.id}
                    order={order}
                    side="supplier"
                    onChanged={(_next, message) => {
                      setNotice(message);
                      refetch({ requestPolicy: "network-only" });
                    }}
                  />
                ))}
              </div>
            </section>
          ))
        )}
      </div>
    </Page>
  );
}
