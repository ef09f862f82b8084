export { type App, type AppServices, buildApp } from './app.ts';
export { type AppConfig, ConfigError, loadConfig } from './config.ts';
export { assertDemoAllowed, type DemoSeedResult, seedDemo } from './demo/seed-demo.ts';
export { syncEligibilityRules } from './domains/application/index.ts';
export { base32Decode, hotp } from './domains/identity/totp.ts';
export { syncReferenceData } from './domains/reference/index.ts';
export {
  demoAccountLines,
  openConfiguredDatabase,
  prepareDatabase,
  StartupError,
  startServer,
} from './main.ts';
export { VERSION } from './version.ts';
