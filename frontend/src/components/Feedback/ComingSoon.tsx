import { Icon, type IconName } from "../Icon/Icon";
import styles from "./Feedback.module.css";

interface ComingSoonProps {
  icon: IconName;
  title: string;
  summary: string;
  features: readonly string[];
}

/** Stands in for a page whose data is not served yet: says what it will do, plainly. */
export function ComingSoon({ icon, title, summary, features }: ComingSoonProps) {
  return (
    <section className={styles.soon} aria-labelledby="coming-soon-title">
      <div className={styles.soonHead}>
        <span className={styles.soonIcon}>
          <Icon name={icon} size={24} />
        </span>
        <div>
          <span className={styles.soonBadge}>Coming soon</span>
          <h2 id="coming-soon-title">{title}</h2>
        </div>
      </div>
      <p className={styles.soonSummary}>{summary}</p>
      <ul className={styles.soonList}>
        {features.map((feature) => (
          <li key={feature}>
            <Icon name="check" size={18} />
            <span>{feature}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
