export { type App, buildApp } from './app.ts';
export { type AppConfig, ConfigError, loadConfig } from './config.ts';
export { assertDemoAllowed, type DemoSeedResult, seedDemo } from './demo/seed-demo.ts';
export { openConfiguredDatabase, StartupError, startServer } from './main.ts';
export { VERSION } from './version.ts';
