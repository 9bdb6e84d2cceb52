import { Page, PageHeader } from "../components/Page/PageHeader";
import styles from "../components/Profile/Profile.module.css";
import { ProfileForm } from "../components/Profile/ProfileForm";
import { ProfileSummary } from "../components/Profile/ProfileSummary";
import { useViewer } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export function ProfilePage() {
  useDocumentTitle("Your profile");
  const viewer = useViewer();
  return (
    <Page>
      <PageHeader title="Your profile" description="How you appear to others on Trendloop." />
      <div className={styles.layout}>
        <ProfileSummary viewer={viewer} />
        <section className={styles.card} aria-labelledby="edit-profile-title">
          <h2 id="edit-profile-title" className={styles.cardTitle}>
            Edit profile
          </h2>
          <p className={styles.cardText}>Your name and bio are public; your email is not.</p>
          <ProfileForm viewer={viewer} />
        </section>
      </div>
    </Page>
  );
}
