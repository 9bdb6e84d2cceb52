/**
 * The demo logins the embedded store is seeded with (core/seed.py), offered on the login page
 * so a person trying the platform locally can step into each role. Builds for a real
 * deployment turn the list off with VITE_DEMO_LOGINS=false.
 */
import type { Role } from "./graphql/types";

export interface DemoAccount {
  email: string;
  role: Role;
}

export const DEMO_PASSWORD = "trendloop-demo";

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: "shopper@demo.trendloop.dev", role: "SHOPPER" },
  { email: "influencer@demo.trendloop.dev", role: "INFLUENCER" },
  { email: "designer@demo.trendloop.dev", role: "DESIGNER" },
  { email: "brand@demo.trendloop.dev", role: "BRAND" },
  { email: "admin@demo.trendloop.dev", role: "ADMIN" },
  { email: "supplier@demo.trendloop.dev", role: "SUPPLIER" },
];

export const SHOW_DEMO_LOGINS = import.meta.env.VITE_DEMO_LOGINS !== "false";
