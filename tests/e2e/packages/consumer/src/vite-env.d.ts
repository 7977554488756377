/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_INSIGHTS_ENDPOINT: string;
  readonly VITE_INSIGHTS_WRITE_KEY: string;
}
