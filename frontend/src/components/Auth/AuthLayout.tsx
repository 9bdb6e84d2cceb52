import type { ReactNode } from "react";

import { Logo } from "../Brand/Logo";
import { Icon } from "../Icon/Icon";
import styles from "./Auth.module.css";

const POINTS = [
  { icon: "plus", text: "Shoppers post outfits and shop the looks they love." },
  { icon: "trend", text: "Designers see which colours, prints and cuts are taking off." },
  { icon: "link", text: "Creators and brands see which posts and links drive real sales." },
] as const;

interface AuthLayoutProps {
  title: string;
  subtitle: string;
  children: ReactNode;
  footer: ReactNode;
}

export function AuthLayout({ title, subtitle, children, footer }: AuthLayoutProps) {
  return (
    <div className={styles.layout}>
      <aside className={styles.story}>
        <Logo inverted />
        <div className={styles.storyBody}>
          <p className={styles.storyKicker}>Social commerce, closed loop</p>
          <p className={styles.storyHeadline}>Where outfits turn into trends, and trends into sales.</p>
          <ul className={styles.storyPoints}>
            {POINTS.map((point) => (
              <li key={point.text}>
                <span className={styles.storyIcon}>
                  <Icon name={point.icon} size={18} />
                </span>
                <span>{point.text}</span>
              </li>
            ))}
          </ul>
        </div>
      </aside>
      <main className={styles.panel} id="main">
        <div className={styles.card}>
          <div className={styles.mobileLogo}>
            <Logo />
          </div>
          <h1>{title}</h1>
          <p className={styles.subtitle}>{subtitle}</p>
          {children}
        </div>
        <div className={styles.footer}>{footer}</div>
      </main>
    </div>
  );
}
