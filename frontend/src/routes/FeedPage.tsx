import { Link, useLocation } from "react-router";

import styles from "../components/Feed/Feed.module.css";
import { FeedList } from "../components/Feed/FeedList";
import { Icon } from "../components/Icon/Icon";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import type { FeedPost } from "../lib/graphql/posts";
import { PAGES } from "../lib/navigation";

export function FeedPage() {
  useDocumentTitle("Your feed");
  const location = useLocation();
  const justPosted = (location.state as { justPosted?: FeedPost } | null)?.justPosted ?? null;
  return (
    <Page narrow>
      <PageHeader
        title="Your feed"
        description="Outfits from people you follow and looks trending in your market."
        actions={
          <Link className={styles.primaryLink} to={PAGES.compose.path}>
            <Icon name="plus" size={18} />
            Post an outfit
          </Link>
        }
      />
      {justPosted ? (
        <p className={styles.notice} role="status">
          <Icon name="check" size={18} /> Your outfit is live.
        </p>
      ) : null}
      <FeedList pinned={justPosted} />
    </Page>
  );
}
