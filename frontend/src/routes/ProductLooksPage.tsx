import { Link, useLocation, useParams, useSearchParams } from "react-router";
import { useQuery } from "urql";

import styles from "../components/Feed/Feed.module.css";
import { EmptyState } from "../components/Feedback/EmptyState";
import { ErrorState } from "../components/Feedback/ErrorState";
import { Skeleton } from "../components/Feedback/Skeleton";
import { Icon } from "../components/Icon/Icon";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { ProductHero } from "../components/Product/ProductHero";
import { ProductLooks } from "../components/Product/ProductLooks";
import { useViewer } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { ProductPageQuery } from "../lib/graphql/catalogue";
import { describeError } from "../lib/graphql/errors";
import { postBackLink } from "../lib/navigation";

/** /shop/:productId — a product and the looks that wear it, for every signed-in role. */
export function ProductLooksPage() {
  const { productId = "" } = useParams();
  const [params] = useSearchParams();
  const look = params.get("look");
  const viewer = useViewer();
  const location = useLocation();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ProductPageQuery, variables: { id: productId, look } });
  const product = data?.product ?? null;
  useDocumentTitle(product ? product.title : "Product");

  const backTo = postBackLink(viewer.role, location.state);
  const back = (
    <Link className={styles.backLink} to={backTo.path}>
      <Icon name="arrowLeft" size={18} /> {backTo.label}
    </Link>
  );

  if (fetching && !product) {
    return (
      <Page narrow>
        {back}
        <div aria-busy="true" style={{ display: "grid", gap: 12 }}>
          <span className="visually-hidden" role="status">
            Loading the product
          </span>
          <Skeleton height={320} />
          <Skeleton width="60%" />
        </div>
      </Page>
    );
  }
  if (error && !product) {
    return (
      <Page narrow>
        {back}
        <ErrorState title="We couldn't load this product" problem={describeError(error)} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      </Page>
    );
  }
  if (!product) {
    return (
      <Page narrow>
        {back}
        <PageHeader title="Product not found" />
        <EmptyState icon="box" title="This product isn't here" action={<Link to={backTo.path}>Back to {backTo.label}</Link>}>
          It may have been removed from the catalogue.
        </EmptyState>
      </Page>
    );
  }
  return (
    <Page narrow>
      {back}
      <ProductHero product={product} />
      <ProductLooks productId={product.id} title={product.title} />
    </Page>
  );
}
