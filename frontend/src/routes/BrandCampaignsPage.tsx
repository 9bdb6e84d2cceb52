import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";

import { CampaignDetail } from "../components/BrandCampaigns/CampaignDetail";
import { CampaignForm } from "../components/BrandCampaigns/CampaignForm";
import { CampaignList, campaignPath } from "../components/BrandCampaigns/CampaignList";
import styles from "../components/Dashboard/Dashboard.module.css";
import feedStyles from "../components/Feed/Feed.module.css";
import { Button } from "../components/Form/Button";
import { Icon } from "../components/Icon/Icon";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { useViewer } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { PAGES } from "../lib/navigation";

export function BrandCampaignsPage() {
  useDocumentTitle("Campaigns");
  const viewer = useViewer();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  return (
    <Page>
      <PageHeader
        title="Campaigns"
        description="Creator campaigns: budgets, commission rules and the creators who apply."
        actions={
          creating ? null : (
            <Button icon={<Icon name="plus" size={18} />} onClick={() => setCreating(true)}>
              New campaign
            </Button>
          )
        }
      />
      {creating ? (
        <section className={styles.panel} aria-labelledby="new-campaign">
          <div className={styles.panelHead}>
            <h2 id="new-campaign" className={styles.panelTitle}>
              New campaign
            </h2>
            <Button variant="ghost" onClick={() => setCreating(false)}>
              Cancel
            </Button>
          </div>
          <CampaignForm brandId={viewer.id} onCreated={(campaign) => navigate(campaignPath(campaign.id), { state: { created: true } })} />
        </section>
      ) : null}
      <CampaignList version={0} />
    </Page>
  );
}

export function BrandCampaignPage() {
  const { id = "" } = useParams();
  useDocumentTitle("Campaign");
  return (
    <Page>
      <Link className={feedStyles.backLink} to={PAGES.brandCampaigns.path}>
        <Icon name="arrowLeft" size={18} /> Campaigns
      </Link>
      <h1 className="visually-hidden" tabIndex={-1}>
        Campaign
      </h1>
      <CampaignDetail id={id} />
    </Page>
  );
}
