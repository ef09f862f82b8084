export * from './actor.ts';
export { registerIdentityRoutes } from './identity.routes.ts';
export { createIdentityService, type IdentityService, type SecuritySettings } from './identity.service.ts';
export * from './roles.ts';
