import { Link } from "react-router";

import { SAVED_PATH } from "../components/Collections/SaveSheet";
import { NotificationSettings } from "../components/Notifications/NotificationSettings";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { AvatarUpload } from "../components/Profile/AvatarUpload";
import { HandleForm } from "../components/Profile/HandleForm";
import styles from "../components/Profile/Profile.module.css";
import { ProfileForm } from "../components/Profile/ProfileForm";
import { ProfileSummary } from "../components/Profile/ProfileSummary";
import { ChangePasswordForm, LogOutEverywhere } from "../components/Profile/SessionSettings";
import { RewardsSection } from "../components/Rewards/RewardsSection";
import { useViewer } from "../hooks/useAuth";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export function ProfilePage() {
  useDocumentTitle("Your profile");
  const viewer = useViewer();
  return (
    <Page>
      <PageHeader title="Your profile" description="How you appear to others on Trendloop." />
      <div className={styles.layout}>
        <ProfileSummary viewer={viewer} avatar={<AvatarUpload viewer={viewer} />} />
        <section className={styles.card} aria-labelledby="edit-profile-title">
          <h2 id="edit-profile-title" className={styles.cardTitle}>
            Edit profile
          </h2>
          <p className={styles.cardText}>Your name and bio are public; your email is not.</p>
          <ProfileForm viewer={viewer} />
        </section>
        {viewer.role === "SHOPPER" ? <RewardsSection /> : null}
        <section className={`${styles.card} ${styles.wide}`} aria-labelledby="saved-title">
          <h2 id="saved-title" className={styles.cardTitle}>
            Saved looks
          </h2>
          <p className={styles.cardText}>Everything you saved, and your collections; only you see the private ones.</p>
          <Link to={SAVED_PATH}>Open Saved</Link>
        </section>
        <section className={`${styles.card} ${styles.wide}`} aria-labelledby="handle-title">
          <h2 id="handle-title" className={styles.cardTitle}>
            Your handle
          </h2>
          <HandleForm key={viewer.handle} handle={viewer.handle} />
        </section>
        <section className={`${styles.card} ${styles.wide}`} aria-labelledby="notices-title">
          <h2 id="notices-title" className={styles.cardTitle}>
            Notifications
          </h2>
          <p className={styles.cardText}>Likes, comments and followers are grouped per look and day; turn off what you'd rather not hear about.</p>
          <NotificationSettings />
        </section>
        <section className={`${styles.card} ${styles.wide}`} aria-labelledby="sessions-title">
          <h2 id="sessions-title" className={styles.cardTitle}>
            Password and sessions
          </h2>
          <p className={styles.cardText}>
            Changing your password logs out every other browser and phone signed in to your
            account.
          </p>
          <ChangePasswordForm />
          <h3 className={styles.subTitle}>Log out everywhere</h3>
          <p className={styles.cardText}>
            Lost a phone, or signed in on a shared computer? End every session, this one included.
          </p>
          <LogOutEverywhere />
        </section>
      </div>
    </Page>
  );
}
