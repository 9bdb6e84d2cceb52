import { Link, useParams, useSearchParams } from "react-router";

import feedStyles from "../components/Feed/Feed.module.css";
import { Icon } from "../components/Icon/Icon";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { ElementDetail } from "../components/Trends/ElementDetail";
import { filterQuery, readFilters, TrendBoard } from "../components/Trends/TrendBoard";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { PAGES } from "../lib/navigation";

export function TrendsPage() {
  useDocumentTitle("Trending elements");
  return (
    <Page>
      <PageHeader
        title="Trending elements"
        description="The colours, prints, cuts and materials emerging in what shoppers post, ranked by how fast more people wear them."
      />
      <TrendBoard />
    </Page>
  );
}

export function ElementPage() {
  const { kind = "", slug = "" } = useParams();
  const [params] = useSearchParams();
  const filters = readFilters(params);
  const id = `${kind}/${slug}`;
  useDocumentTitle(slug ? slug.replace(/-/g, " ") : "Element");
  return (
    <Page>
      <Link className={feedStyles.backLink} to={`${PAGES.trends.path}${filterQuery(filters)}`}>
        <Icon name="arrowLeft" size={18} /> Trending elements
      </Link>
      <ElementDetail key={`${id}${filterQuery(filters)}`} id={id} filters={filters} />
    </Page>
  );
}
