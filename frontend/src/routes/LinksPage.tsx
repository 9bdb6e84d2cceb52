import { useState } from "react";

import styles from "../components/Dashboard/Dashboard.module.css";
import { LinkList } from "../components/Influencer/LinkList";
import { LinkMaker } from "../components/Influencer/LinkMaker";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export function LinksPage() {
  useDocumentTitle("Shoppable links");
  const [version, setVersion] = useState(0);
  return (
    <Page>
      <PageHeader title="Shoppable links" description="Links that credit the sales they bring to you. Share them anywhere." />
      <div className={styles.split}>
        <LinkMaker onMade={() => setVersion((v) => v + 1)} />
        <LinkList key={version} version={version} />
      </div>
    </Page>
  );
}
