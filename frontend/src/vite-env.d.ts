/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** "false" hides the demo logins on the login page (builds for real deployments). */
  readonly VITE_DEMO_LOGINS?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
